import { rendezvousScore, stickyIndex, weightedIndex, type Weighted } from './weighted.js';

const targets = (...w: number[]): Weighted[] => w.map((weight, i) => ({ id: `t${i}`, weight }));

describe('weightedIndex', () => {
  it('splits by weight over the unit interval', () => {
    const t = targets(70, 30);
    expect(weightedIndex(t, 0)).toBe(0);
    expect(weightedIndex(t, 0.69)).toBe(0);
    expect(weightedIndex(t, 0.7)).toBe(1);
    expect(weightedIndex(t, 0.9999999)).toBe(1);
  });

  it('never picks a zero-weight target and answers -1 when none has weight', () => {
    expect(weightedIndex(targets(0, 10, 0), 0.99)).toBe(1);
    expect(weightedIndex(targets(0, 0), 0.5)).toBe(-1);
    expect(weightedIndex([], 0.5)).toBe(-1);
  });
});

describe('stickyIndex (weighted rendezvous hashing)', () => {
  const keys = Array.from({ length: 10_000 }, (_, i) => `user-${i}`);

  it('gives the same key the same target every time', () => {
    const t = targets(50, 30, 20);
    for (const k of keys.slice(0, 100)) expect(stickyIndex(t, k)).toBe(stickyIndex(t, k));
  });

  it('splits 10,000 keys in proportion to the weights', () => {
    const counts = [0, 0, 0];
    for (const k of keys) counts[stickyIndex(targets(50, 30, 20), k)]++;
    expect(counts[0] / 10_000).toBeCloseTo(0.5, 1);
    expect(counts[1] / 10_000).toBeCloseTo(0.3, 1);
    expect(counts[2] / 10_000).toBeCloseTo(0.2, 1);
  });

  it('moves only the traffic a weight change should move (measured over 10,000 keys)', () => {
    const before = targets(90, 10);
    const after = targets(75, 25);
    let moved = 0;
    let wrongWay = 0;
    for (const k of keys) {
      const a = stickyIndex(before, k);
      const b = stickyIndex(after, k);
      if (a !== b) moved++;
      if (a === 1 && b === 0) wrongWay++;
    }
    // 15% of traffic should move from t0 to t1, and none the other way.
    expect(wrongWay).toBe(0);
    expect(moved / keys.length).toBeGreaterThan(0.13);
    expect(moved / keys.length).toBeLessThan(0.17);
  });

  it('adding a target only takes keys to the new one', () => {
    const before = targets(50, 50);
    const after = [...before, { id: 'new', weight: 50 }];
    let reshuffled = 0;
    let toNew = 0;
    for (const k of keys) {
      const a = stickyIndex(before, k);
      const b = stickyIndex(after, k);
      if (b === 2) toNew++;
      else if (a !== b) reshuffled++;
    }
    expect(reshuffled).toBe(0);
    expect(toNew / keys.length).toBeCloseTo(1 / 3, 1);
  });

  it('scores zero-weight targets 0 so they are never the sticky choice', () => {
    expect(rendezvousScore('k', { id: 'a', weight: 0 })).toBe(0);
    expect(stickyIndex(targets(0, 0), 'k')).toBe(-1);
  });
});
