import { DecisionRing, explain, type RoutingDecision } from './decisions.js';

const d = (over: Partial<RoutingDecision> = {}): RoutingDecision => ({ at: 1, strategy: 'cheapest', source: 'route', order: ['a', 'b'], ...over });

describe('DecisionRing', () => {
  it('keeps the last N, newest first', () => {
    const r = new DecisionRing(3);
    for (let i = 1; i <= 5; i++) r.push(d({ at: i }));
    expect(r.recent().map((x) => x.at)).toEqual([5, 4, 3]);
    expect(r.recent(2).map((x) => x.at)).toEqual([5, 4]);
    expect(new DecisionRing(3).recent()).toEqual([]);
  });
});

describe('explain', () => {
  it('says why the first target was chosen and what happened', () => {
    expect(explain(d({ scores: [0.00012, 0.002], served: 'b', attempts: 2, skipped: [{ target: 'c', reason: 'no tools support' }] }))).toBe(
      'a first as the cheapest healthy target, expected $0.000120 per request; skipped c (no tools support); served by b after 1 failed attempt(s)',
    );
    expect(explain(d({ strategy: 'fastest', scores: [-1] }))).toContain('not yet measured');
    expect(explain(d({ strategy: 'fastest', explored: true, source: 'suffix' }))).toBe(
      'a first to explore (keeps latency averages fresh) (asked by the model suffix)',
    );
    expect(explain(d({ downgrade: { by: 'key', spentUsd: 0.9, budgetUsd: 1, threshold: 0.8 } }))).toBe(
      "downgraded to a: the key's daily budget is 90% spent (threshold 80%)",
    );
  });
});
