import { Redis } from 'ioredis';
import { type Counters, windows } from './limits.js';

/**
 * Per-key counters for rate limits and budgets: in Redis when there is one (shared by every gateway
 * process), else in this process's memory. Spend is kept in micro-dollars as integers so sums never drift.
 */
export interface LimitStore {
  /** Counts one request now and returns the key's counters, the new request included. */
  hit(keyId: string, now: number): Promise<Counters>;
  /** Adds a finished request's tokens and cost. Best effort: never throws, never waits on the caller. */
  add(keyId: string, tokens: number, costUsd: number, now: number): void;
  /** Raises the spend counters to at least the request log's totals (after a restart or a Redis flush). */
  seed(keyId: string, todayUsd: number, monthUsd: number, now: number): Promise<void>;
  close(): Promise<void>;
}

const MICRO = 1_000_000;
const micro = (usd: number) => Math.round(usd * MICRO);

interface Slot {
  minute: number;
  requests: number;
  tokens: number;
  day: string;
  today: number;
  month: string;
  monthSpend: number;
}

export class MemoryLimitStore implements LimitStore {
  private readonly slots = new Map<string, Slot>();

  private slot(keyId: string, now: number): Slot {
    const w = windows(now);
    let s = this.slots.get(keyId);
    if (!s) {
      s = { minute: w.minute, requests: 0, tokens: 0, day: w.day, today: 0, month: w.month, monthSpend: 0 };
      this.slots.set(keyId, s);
    }
    if (s.minute !== w.minute) Object.assign(s, { minute: w.minute, requests: 0, tokens: 0 });
    if (s.day !== w.day) Object.assign(s, { day: w.day, today: 0 });
    if (s.month !== w.month) Object.assign(s, { month: w.month, monthSpend: 0 });
    return s;
  }

  async hit(keyId: string, now: number): Promise<Counters> {
    const s = this.slot(keyId, now);
    s.requests++;
    return { requests: s.requests, tokens: s.tokens, spentTodayUsd: s.today / MICRO, spentMonthUsd: s.monthSpend / MICRO };
  }

  add(keyId: string, tokens: number, costUsd: number, now: number): void {
    const s = this.slot(keyId, now);
    s.tokens += tokens;
    s.today += micro(costUsd);
    s.monthSpend += micro(costUsd);
  }

  async seed(keyId: string, todayUsd: number, monthUsd: number, now: number): Promise<void> {
    const s = this.slot(keyId, now);
    s.today = Math.max(s.today, micro(todayUsd));
    s.monthSpend = Math.max(s.monthSpend, micro(monthUsd));
  }

  async close(): Promise<void> {}
}

/** Sets a counter to a value only when that is higher (seeding must not lower live counts). */
const RAISE = `local c = tonumber(redis.call('GET', KEYS[1]) or '0')
if c < tonumber(ARGV[1]) then redis.call('SET', KEYS[1], ARGV[1], 'EX', ARGV[2]) end
return 0`;

export class RedisLimitStore implements LimitStore {
  private readonly redis: Redis;

  constructor(
    url: string,
    private readonly prefix: string,
    onError: (err: Error) => void,
  ) {
    // No offline queue: with Redis down a check fails at once (and the caller lets the request through).
    this.redis = new Redis(url, { enableOfflineQueue: false, maxRetriesPerRequest: 1 });
    this.redis.on('error', onError);
  }

  private keys(keyId: string, now: number) {
    const w = windows(now);
    const base = `${this.prefix}:limits:${keyId}`;
    return { r: `${base}:r:${w.minute}`, t: `${base}:t:${w.minute}`, d: `${base}:d:${w.day}`, m: `${base}:m:${w.month}` };
  }

  async hit(keyId: string, now: number): Promise<Counters> {
    const k = this.keys(keyId, now);
    const res = await this.redis.multi().incr(k.r).expire(k.r, 120).mget(k.t, k.d, k.m).exec();
    if (!res) throw new Error('redis transaction aborted');
    for (const [err] of res) if (err) throw err;
    const [t, d, m] = res[2][1] as Array<string | null>;
    return { requests: Number(res[0][1]), tokens: Number(t ?? 0), spentTodayUsd: Number(d ?? 0) / MICRO, spentMonthUsd: Number(m ?? 0) / MICRO };
  }

  add(keyId: string, tokens: number, costUsd: number, now: number): void {
    const k = this.keys(keyId, now);
    const p = this.redis.multi().incrby(k.t, tokens).expire(k.t, 120);
    const c = micro(costUsd);
    if (c > 0)
      p.incrby(k.d, c)
        .expire(k.d, 2 * 86_400)
        .incrby(k.m, c)
        .expire(k.m, 32 * 86_400);
    p.exec().catch(() => undefined);
  }

  async seed(keyId: string, todayUsd: number, monthUsd: number, now: number): Promise<void> {
    const k = this.keys(keyId, now);
    await this.redis.eval(RAISE, 1, k.d, micro(todayUsd), 2 * 86_400);
    await this.redis.eval(RAISE, 1, k.m, micro(monthUsd), 32 * 86_400);
  }

  async close(): Promise<void> {
    this.redis.disconnect();
  }
}
