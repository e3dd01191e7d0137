import { expectedCost, type Rankable, rankTargets } from './strategy.js';

const t = (id: string, over: Partial<Rankable> = {}): Rankable => ({ id, weight: 0, priceIn: 1, priceOut: 1, latencyMs: NaN, ...over });
const ctx = { rand: 0.5, exploreRand: 0.99, exploration: 0.05, tokensIn: 1000, tokensOut: 500 };
const all = () => true;
const ids = (xs: Rankable[]) => xs.map((x) => x.id);

describe('expectedCost', () => {
  it('prices a request from per-million prices', () => {
    expect(expectedCost(t('a', { priceIn: 2, priceOut: 8 }), 1000, 500)).toBeCloseTo((1000 * 2 + 500 * 8) / 1e6, 12);
  });
  it('is Infinity when a price is unknown', () => {
    expect(expectedCost(t('a', { priceOut: null }), 1, 1)).toBe(Infinity);
  });
});

describe('rankTargets', () => {
  const pricey = t('pricey', { priceIn: 5, priceOut: 15 });
  const mid = t('mid', { priceIn: 1, priceOut: 2 });
  const cheap = t('cheap', { priceIn: 0.1, priceOut: 0.2 });
  const unknown = t('unknown', { priceIn: null });

  it('cheapest: ascending expected cost, unknown prices last, with the scores', () => {
    const r = rankTargets('cheapest', [pricey, unknown, mid, cheap], all, ctx);
    expect(ids(r.order)).toEqual(['cheap', 'mid', 'pricey', 'unknown']);
    expect(r.scores![0]).toBeCloseTo((1000 * 0.1 + 500 * 0.2) / 1e6, 12);
    expect(r.scores![3]).toBe(Infinity);
  });

  it('cheapest: the token mix decides between a cheap-input and a cheap-output model', () => {
    const inCheap = t('in', { priceIn: 0.1, priceOut: 10 });
    const outCheap = t('out', { priceIn: 3, priceOut: 1 });
    expect(ids(rankTargets('cheapest', [inCheap, outCheap], all, { ...ctx, tokensIn: 10_000, tokensOut: 10 }).order)).toEqual(['in', 'out']);
    expect(ids(rankTargets('cheapest', [inCheap, outCheap], all, { ...ctx, tokensIn: 10, tokensOut: 10_000 }).order)).toEqual(['out', 'in']);
  });

  it('cheapest: an open breaker sends the cheapest target after every healthy one, still in price order', () => {
    const r = rankTargets('cheapest', [pricey, mid, cheap], (x) => x.id !== 'cheap', ctx);
    expect(ids(r.order)).toEqual(['mid', 'pricey', 'cheap']);
  });

  it('cheapest: ties keep the listed order', () => {
    expect(ids(rankTargets('cheapest', [t('x'), t('y'), t('z')], all, ctx).order)).toEqual(['x', 'y', 'z']);
  });

  it('fastest: ascending latency, never-observed targets first so they get measured', () => {
    const r = rankTargets('fastest', [t('slow', { latencyMs: 900 }), t('fast', { latencyMs: 100 }), t('new')], all, ctx);
    expect(ids(r.order)).toEqual(['new', 'fast', 'slow']);
    expect(r.scores).toEqual([-1, 100, 900]);
    expect(r.explored).toBe(false);
  });

  it('fastest: explores another healthy target with the exploration probability', () => {
    const xs = [t('a', { latencyMs: 10 }), t('b', { latencyMs: 20 }), t('c', { latencyMs: 30 })];
    const explored = rankTargets('fastest', xs, all, { ...ctx, exploreRand: 0.01, rand: 0.99 });
    expect(explored.explored).toBe(true);
    expect(ids(explored.order)).toEqual(['c', 'a', 'b']);
    expect(explored.scores).toEqual([30, 10, 20]);
    expect(ids(rankTargets('fastest', xs, all, { ...ctx, exploreRand: 0.01, rand: 0 }).order)).toEqual(['b', 'a', 'c']);
    expect(rankTargets('fastest', xs, all, { ...ctx, exploreRand: 0.05 }).explored).toBe(false);
  });

  it('fastest: never explores into an unhealthy target', () => {
    const xs = [t('a', { latencyMs: 10 }), t('b', { latencyMs: 20 })];
    const r = rankTargets('fastest', xs, (x) => x.id === 'a', { ...ctx, exploreRand: 0 });
    expect(ids(r.order)).toEqual(['a', 'b']);
    expect(r.explored).toBe(false);
  });

  it('ordered: the listed order, unhealthy last', () => {
    expect(ids(rankTargets('ordered', [pricey, mid, cheap], (x) => x.id !== 'pricey', ctx).order)).toEqual(['mid', 'cheap', 'pricey']);
  });

  it('weighted: the weighted choice as before', () => {
    const a = t('a', { weight: 60 });
    const b = t('b', { weight: 40 });
    expect(ids(rankTargets('weighted', [a, b], all, { ...ctx, rand: 0.1 }).order)).toEqual(['a', 'b']);
    expect(ids(rankTargets('weighted', [a, b], all, { ...ctx, rand: 0.9 }).order)).toEqual(['b', 'a']);
  });
});
