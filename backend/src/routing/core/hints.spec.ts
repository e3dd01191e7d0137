import { parseProviderHints, splitModelSuffix } from './hints.js';

const routes = new Set(['support-chat', 'odd:name']);
const isRoute = (a: string) => routes.has(a);

describe('splitModelSuffix', () => {
  it('splits a known suffix off a route alias', () => {
    expect(splitModelSuffix('support-chat:cheapest', isRoute)).toEqual({ ok: true, value: { alias: 'support-chat', strategy: 'cheapest' } });
    expect(splitModelSuffix('support-chat:fastest', isRoute)).toEqual({ ok: true, value: { alias: 'support-chat', strategy: 'fastest' } });
    expect(splitModelSuffix('support-chat:nitro', isRoute)).toEqual({ ok: true, value: { alias: 'support-chat', strategy: 'fastest' } });
  });

  it('leaves a plain alias, an alias containing a colon, and a non-route alone', () => {
    expect(splitModelSuffix('support-chat', isRoute)).toBeUndefined();
    expect(splitModelSuffix('odd:name', isRoute)).toBeUndefined();
    expect(splitModelSuffix('nothing:cheapest', isRoute)).toBeUndefined();
  });

  it('refuses an unknown suffix on a route, naming model', () => {
    const r = splitModelSuffix('support-chat:cheap', isRoute);
    expect(r).toMatchObject({ ok: false, details: [{ path: 'model' }] });
    expect(r && !r.ok && r.details[0].message).toContain(':cheap');
  });
});

describe('parseProviderHints', () => {
  it('accepts sort and max_price', () => {
    expect(parseProviderHints({ sort: 'price', max_price: { prompt: 1, completion: 2 } })).toEqual({
      ok: true,
      value: { strategy: 'cheapest', source: 'provider.sort', maxPrice: { prompt: 1, completion: 2 } },
    });
    expect(parseProviderHints({ sort: 'latency' })).toEqual({ ok: true, value: { strategy: 'fastest', source: 'provider.sort' } });
    expect(parseProviderHints(undefined)).toEqual({ ok: true, value: {} });
  });

  it('names every unknown or invalid field', () => {
    expect(parseProviderHints({ order: ['x'], sort: 'throughput' })).toEqual({
      ok: false,
      details: [
        { path: 'provider.order', message: expect.stringContaining('not a supported routing hint') },
        { path: 'provider.sort', message: "must be 'price' or 'latency'" },
      ],
    });
    expect(parseProviderHints({ max_price: { request: 1, prompt: -1 } })).toMatchObject({
      ok: false,
      details: [{ path: 'provider.max_price.request' }, { path: 'provider.max_price.prompt' }],
    });
    expect(parseProviderHints('price')).toMatchObject({ ok: false, details: [{ path: 'provider' }] });
  });
});
