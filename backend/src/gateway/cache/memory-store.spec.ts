import type { CachedCompletion } from './cached-completion.js';
import { MemoryCacheStore } from './memory-store.js';

const entry = (content: string): CachedCompletion => ({ content, finishReason: 'stop', target: 't', storedAt: 0 });
const put = (sut: MemoryCacheStore, key: string, content: string, ttl = 60) => {
  const e = entry(content);
  sut.set(key, e, JSON.stringify(e), ttl);
};

describe('MemoryCacheStore', () => {
  let now = 1_000;
  const clock = () => now;

  it('answers what was stored until its TTL passes', () => {
    const sut = new MemoryCacheStore(1_000_000, clock);
    put(sut, 'a', 'hello', 2);
    expect(sut.get('a')?.content).toBe('hello');
    now += 1_999;
    expect(sut.get('a')?.content).toBe('hello');
    now += 1;
    expect(sut.get('a')).toBeUndefined();
    expect(sut.size).toBe(0);
    expect(sut.bytes).toBe(0);
  });

  it('forgets one entry or all of them, and counts their bytes out', () => {
    const sut = new MemoryCacheStore(1_000_000, clock);
    put(sut, 'a', 'one');
    put(sut, 'b', 'two');
    const both = sut.bytes;
    sut.forget('a');
    sut.forget('missing');
    expect(sut.get('a')).toBeUndefined();
    expect(sut.get('b')?.content).toBe('two');
    expect(sut.bytes).toBeLessThan(both);
    sut.clear();
    expect([sut.size, sut.bytes]).toEqual([0, 0]);
  });

  it('evicts the least recently used entries past its byte bound', () => {
    const sut = new MemoryCacheStore(3_000, clock);
    for (const k of ['a', 'b', 'c']) put(sut, k, 'x'.repeat(300));
    expect(sut.size).toBe(3);
    sut.get('a'); // a is now the most recent: b goes first
    put(sut, 'd', 'x'.repeat(300));
    expect(sut.get('b')).toBeUndefined();
    expect(sut.get('a')).toBeDefined();
    expect(sut.get('c')).toBeDefined();
    expect(sut.get('d')).toBeDefined();
    expect(sut.evictions).toBe(1);
    expect(sut.bytes).toBeLessThanOrEqual(3_000);
  });

  it('replaces an entry in place and refuses one larger than the whole bound', () => {
    const sut = new MemoryCacheStore(2_000, clock);
    put(sut, 'a', 'one');
    const before = sut.bytes;
    put(sut, 'a', 'two');
    expect(sut.get('a')?.content).toBe('two');
    expect(sut.bytes).toBe(before);
    put(sut, 'big', 'x'.repeat(5_000));
    expect(sut.get('big')).toBeUndefined();
    expect(sut.get('a')?.content).toBe('two');
  });
});
