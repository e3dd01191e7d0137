/** Weight of a new sample in a moving average when samples come close together. */
export const ALPHA = 0.3;
/**
 * Time constant of the decay: a sample arriving `dt` ms after the previous one weighs at least
 * 1 - exp(-dt / TAU_MS), so an average last updated long ago is mostly replaced by a fresh sample (a target
 * that recovered while nobody called it is believed after one or two calls, not twenty).
 */
export const TAU_MS = 30_000;

/** One step of a time-decayed exponential moving average; NaN `avg` means no sample yet. */
export function decay(avg: number, sample: number, dtMs: number): number {
  if (Number.isNaN(avg)) return sample;
  const a = dtMs > 0 ? Math.max(ALPHA, 1 - Math.exp(-dtMs / TAU_MS)) : ALPHA;
  return avg + a * (sample - avg);
}

/**
 * What one process has seen of one route target: decayed average latency, kept apart for streams (time to
 * first token) and whole responses (total time) since they differ by far; a decayed error rate; counts.
 * Plain data updated in place on the request path (a few float operations, no allocation).
 */
export class TargetStats {
  jsonMs = NaN;
  streamMs = NaN;
  errorRate = 0;
  requests = 0;
  failures = 0;
  lastAt = 0;
  private lastJsonAt = 0;
  private lastStreamAt = 0;

  /** The latency `fastest` ranks by: the request's own mode when seen, else the other one. */
  latency(stream: boolean): number {
    const own = stream ? this.streamMs : this.jsonMs;
    return Number.isNaN(own) ? (stream ? this.jsonMs : this.streamMs) : own;
  }

  /** A successful call, `ms` to its first chunk (stream) or to the whole response. */
  success(ms: number, stream: boolean, now: number): void {
    this.count(false, now);
    if (stream) {
      this.streamMs = decay(this.streamMs, ms, now - this.lastStreamAt);
      this.lastStreamAt = now;
    } else {
      this.jsonMs = decay(this.jsonMs, ms, now - this.lastJsonAt);
      this.lastJsonAt = now;
    }
  }

  /**
   * A failed call. A timeout also counts as a latency sample of the time waited (the target is at least that
   * slow); other failures leave latency alone, breakers deal with them.
   */
  failure(ms: number | undefined, stream: boolean, now: number): void {
    this.count(true, now);
    if (ms !== undefined) {
      if (stream) this.streamMs = decay(this.streamMs, ms, now - this.lastStreamAt);
      else this.jsonMs = decay(this.jsonMs, ms, now - this.lastJsonAt);
    }
  }

  private count(failed: boolean, now: number): void {
    this.requests++;
    if (failed) this.failures++;
    this.errorRate = this.requests === 1 ? (failed ? 1 : 0) : decay(this.errorRate, failed ? 1 : 0, now - this.lastAt);
    this.lastAt = now;
  }
}

/** A route's decayed average of prompt and completion tokens per request: what `cheapest` prices a request at. */
export class TokenAverages {
  input = NaN;
  output = NaN;
  samples = 0;

  observe(input: number, output: number): void {
    // Sample-weighted, not time-weighted: token counts drift with the application, not with the clock.
    this.input = decay(this.input, input, 0);
    this.output = decay(this.output, output, 0);
    this.samples++;
  }
}
