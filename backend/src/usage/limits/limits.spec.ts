import { hasLimits, judge, windows } from './limits.js';

const now = Date.UTC(2026, 10, 25, 10, 30, 15);
const zero = { requests: 1, tokens: 0, spentTodayUsd: 0, spentMonthUsd: 0 };

describe('judge', () => {
  it('lets a key without limits through', () => {
    expect(judge({}, { ...zero, requests: 1e6 }, now)).toEqual({ ok: true });
    expect(hasLimits({})).toBe(false);
    expect(hasLimits({ dailyBudgetUsd: 0 })).toBe(true);
  });

  it('counts the current request against requests per minute', () => {
    expect(judge({ requestsPerMinute: 2 }, { ...zero, requests: 2 }, now)).toEqual({ ok: true });
    expect(judge({ requestsPerMinute: 2 }, { ...zero, requests: 3 }, now)).toEqual({
      ok: false,
      limit: 'requests_per_minute',
      retryAfterS: 45,
      message: 'Rate limit reached: this key may make 2 requests per minute. Try again in 45 s.',
    });
  });

  it('refuses once this minute’s tokens reach the limit', () => {
    expect(judge({ tokensPerMinute: 1000 }, { ...zero, tokens: 1000 }, now)).toMatchObject({ ok: false, limit: 'tokens_per_minute' });
  });

  it('names the budget, the spend and the reset', () => {
    const v = judge({ dailyBudgetUsd: 5 }, { ...zero, spentTodayUsd: 5.01 }, now);
    expect(v).toMatchObject({ ok: false, limit: 'daily_budget', retryAfterS: 13 * 3600 + 29 * 60 + 45 });
    expect(v.ok || v.message).toBe('This key has used its daily budget of $5.00 (spent $5.01); it resets at midnight UTC.');
    expect(judge({ monthlyBudgetUsd: 100 }, { ...zero, spentMonthUsd: 100 }, now)).toMatchObject({ ok: false, limit: 'monthly_budget' });
  });

  it('uses UTC windows', () => {
    expect(windows(now)).toEqual({ minute: Math.floor(now / 60000), day: '2026-11-25', month: '2026-11' });
  });
});
