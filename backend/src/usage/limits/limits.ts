/** What a key may spend and how fast; absent fields are unlimited. */
export interface KeyLimits {
  requestsPerMinute?: number | null;
  tokensPerMinute?: number | null;
  dailyBudgetUsd?: number | null;
  monthlyBudgetUsd?: number | null;
}

/** A key's counters at one moment: this minute's requests (including the current one) and tokens, and spend. */
export interface Counters {
  requests: number;
  tokens: number;
  spentTodayUsd: number;
  spentMonthUsd: number;
}

export type LimitName = 'requests_per_minute' | 'tokens_per_minute' | 'daily_budget' | 'monthly_budget';

export type Verdict = { ok: true } | { ok: false; limit: LimitName; message: string; retryAfterS: number };

export const hasLimits = (l: KeyLimits): boolean =>
  l.requestsPerMinute != null || l.tokensPerMinute != null || l.dailyBudgetUsd != null || l.monthlyBudgetUsd != null;

/** Window ids in UTC: the minute, the day (`2026-11-25`) and the month (`2026-11`) of `now`. */
export function windows(now: number): { minute: number; day: string; month: string } {
  const iso = new Date(now).toISOString();
  return { minute: Math.floor(now / 60_000), day: iso.slice(0, 10), month: iso.slice(0, 7) };
}

/** Seconds until the end of the current minute, UTC day or UTC month. */
function secondsUntil(now: number, unit: 'minute' | 'day' | 'month'): number {
  const d = new Date(now);
  let end: number;
  if (unit === 'minute') end = (Math.floor(now / 60_000) + 1) * 60_000;
  else if (unit === 'day') end = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() + 1);
  else end = Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1);
  return Math.max(1, Math.ceil((end - now) / 1000));
}

const usd = (n: number) => `$${n >= 1 ? n.toFixed(2) : n >= 0.01 ? n.toFixed(4) : n.toPrecision(2)}`;

/**
 * Whether a request may go ahead given the key's counters. Budgets are checked first (the hard money
 * limits), then the per-minute rates. The message names the limit, its value and when it resets.
 */
export function judge(l: KeyLimits, c: Counters, now: number): Verdict {
  if (l.monthlyBudgetUsd != null && c.spentMonthUsd >= l.monthlyBudgetUsd) {
    const s = secondsUntil(now, 'month');
    return {
      ok: false,
      limit: 'monthly_budget',
      retryAfterS: s,
      message: `This key has used its monthly budget of ${usd(l.monthlyBudgetUsd)} (spent ${usd(c.spentMonthUsd)}); it resets at the start of next month (UTC).`,
    };
  }
  if (l.dailyBudgetUsd != null && c.spentTodayUsd >= l.dailyBudgetUsd) {
    const s = secondsUntil(now, 'day');
    return {
      ok: false,
      limit: 'daily_budget',
      retryAfterS: s,
      message: `This key has used its daily budget of ${usd(l.dailyBudgetUsd)} (spent ${usd(c.spentTodayUsd)}); it resets at midnight UTC.`,
    };
  }
  if (l.requestsPerMinute != null && c.requests > l.requestsPerMinute) {
    const s = secondsUntil(now, 'minute');
    return {
      ok: false,
      limit: 'requests_per_minute',
      retryAfterS: s,
      message: `Rate limit reached: this key may make ${l.requestsPerMinute} requests per minute. Try again in ${s} s.`,
    };
  }
  if (l.tokensPerMinute != null && c.tokens >= l.tokensPerMinute) {
    const s = secondsUntil(now, 'minute');
    return {
      ok: false,
      limit: 'tokens_per_minute',
      retryAfterS: s,
      message: `Rate limit reached: this key may use ${l.tokensPerMinute} tokens per minute. Try again in ${s} s.`,
    };
  }
  return { ok: true };
}
