import { MemoryLimitStore } from './limit-store.js';

describe('MemoryLimitStore', () => {
  const t0 = Date.UTC(2026, 10, 25, 23, 59, 0);

  it('counts requests and tokens per minute and spend per day and month', async () => {
    const s = new MemoryLimitStore();
    expect(await s.hit('k', t0)).toEqual({ requests: 1, tokens: 0, spentTodayUsd: 0, spentMonthUsd: 0 });
    s.add('k', 120, 0.25, t0 + 1);
    expect(await s.hit('k', t0 + 2)).toEqual({ requests: 2, tokens: 120, spentTodayUsd: 0.25, spentMonthUsd: 0.25 });
  });

  it('starts a new minute, day and month at their boundaries (UTC)', async () => {
    const s = new MemoryLimitStore();
    await s.hit('k', t0);
    s.add('k', 50, 1, t0);
    // One minute later it is the next day; the month goes on.
    expect(await s.hit('k', t0 + 60_000)).toEqual({ requests: 1, tokens: 0, spentTodayUsd: 0, spentMonthUsd: 1 });
  });

  it('seeding raises spend to the logged totals but never lowers live counts', async () => {
    const s = new MemoryLimitStore();
    s.add('k', 0, 2, t0);
    await s.seed('k', 1, 10, t0);
    expect(await s.hit('k', t0)).toMatchObject({ spentTodayUsd: 2, spentMonthUsd: 10 });
  });
});
