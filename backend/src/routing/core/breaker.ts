/** Settings of one circuit breaker (a route version's `breaker` block). */
export interface BreakerSettings {
  /** Opens after this many failures in a row. */
  failureThreshold: number;
  /** …or when the failure share over `windowMs` reaches this (0..1), once `minRequests` were seen. */
  errorRate: number;
  windowMs: number;
  minRequests: number;
  /** How long an open breaker refuses calls before letting one probe through (half-open). */
  cooldownMs: number;
}

export type BreakerState = 'closed' | 'open' | 'half_open';

const BUCKETS = 10;

/**
 * A circuit breaker for one target, as a plain state machine over injected time (`now` in ms) so it is
 * tested without clocks. closed → open on too many failures; open → half_open after the cooldown, where a
 * single probe is let through; the probe's success closes it, its failure opens it again for another
 * cooldown.
 */
export class CircuitBreaker {
  state: BreakerState = 'closed';
  openedAt = 0;
  private consecutive = 0;
  private probeInFlight = false;
  // Sliding window as BUCKETS time slices: [start, ok, failed] per slice.
  private readonly starts = new Float64Array(BUCKETS);
  private readonly oks = new Uint32Array(BUCKETS);
  private readonly fails = new Uint32Array(BUCKETS);

  constructor(readonly settings: BreakerSettings) {}

  /** Whether a call may go to this target now. In half-open state this claims the single probe. */
  allow(now: number): boolean {
    if (this.state === 'closed') return true;
    if (this.state === 'open') {
      if (now - this.openedAt < this.settings.cooldownMs) return false;
      this.state = 'half_open';
      this.probeInFlight = false;
    }
    if (this.probeInFlight) return false;
    this.probeInFlight = true;
    return true;
  }

  /** Whether the target would be tried, without claiming a probe (for ordering targets). */
  available(now: number): boolean {
    if (this.state === 'closed') return true;
    if (this.state === 'open') return now - this.openedAt >= this.settings.cooldownMs;
    return !this.probeInFlight;
  }

  /** Records a successful call. Returns true when this closed the breaker. */
  success(now: number): boolean {
    this.consecutive = 0;
    this.bucket(now);
    this.oks[this.slot(now)]++;
    if (this.state !== 'closed') {
      this.close();
      return true;
    }
    return false;
  }

  /** Records a failed call. Returns true when this opened the breaker. */
  failure(now: number): boolean {
    this.consecutive++;
    this.bucket(now);
    this.fails[this.slot(now)]++;
    if (this.state === 'half_open') {
      this.open(now);
      return true;
    }
    if (this.state === 'closed' && (this.consecutive >= this.settings.failureThreshold || this.rateTripped(now))) {
      this.open(now);
      return true;
    }
    return false;
  }

  /** Opens the breaker (also used when another process reports it opened). */
  open(now: number): void {
    this.state = 'open';
    this.openedAt = now;
    this.probeInFlight = false;
  }

  close(): void {
    this.state = 'closed';
    this.consecutive = 0;
    this.probeInFlight = false;
    this.oks.fill(0);
    this.fails.fill(0);
    this.starts.fill(0);
  }

  private rateTripped(now: number): boolean {
    let ok = 0;
    let failed = 0;
    const horizon = now - this.settings.windowMs;
    for (let i = 0; i < BUCKETS; i++) {
      if (this.starts[i] > horizon) {
        ok += this.oks[i];
        failed += this.fails[i];
      }
    }
    const n = ok + failed;
    return n >= this.settings.minRequests && failed / n >= this.settings.errorRate;
  }

  private slot(now: number): number {
    return Math.floor(now / (this.settings.windowMs / BUCKETS)) % BUCKETS;
  }

  /** Starts a fresh slice when the current one belongs to an older turn of the ring. */
  private bucket(now: number): void {
    const width = this.settings.windowMs / BUCKETS;
    const i = this.slot(now);
    const start = Math.floor(now / width) * width;
    if (this.starts[i] !== start) {
      this.starts[i] = start;
      this.oks[i] = 0;
      this.fails[i] = 0;
    }
  }
}
