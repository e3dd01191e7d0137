import { newRequestId } from './request-id.js';

describe('newRequestId', () => {
  it('is a version-7 UUID carrying the time in its first 48 bits', () => {
    const at = Date.UTC(2026, 11, 6, 20, 0, 0, 123);
    const id = newRequestId(at);
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(parseInt(id.slice(0, 8) + id.slice(9, 13), 16)).toBe(at);
  });

  it('sorts by time as text, and ids of the same millisecond differ', () => {
    const a = newRequestId(1_000);
    const b = newRequestId(1_001);
    const c = newRequestId(0xffff_ffff_ffff);
    expect([c, b, a].sort()).toEqual([a, b, c]);
    const same = new Set(Array.from({ length: 1000 }, () => newRequestId(5)));
    expect(same.size).toBe(1000);
  });

  it('counts the ids of one millisecond in order, and stays unique past 4,096 of them', () => {
    const ids = Array.from({ length: 10_000 }, () => newRequestId(7));
    expect(new Set(ids).size).toBe(10_000);
    for (const id of ids) expect(id).toMatch(/^00000000-0007-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    const first = ids.slice(0, 4096);
    expect([...first].sort()).toEqual(first);
  });

  it('draws a new random part each millisecond, so two processes rarely share one', () => {
    const a = newRequestId(10);
    const b = newRequestId(11);
    expect(a.slice(18)).not.toBe(b.slice(18));
  });
});
