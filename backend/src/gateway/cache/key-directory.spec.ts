import { KeyDirectory, parseWritten, writtenMessage } from './key-directory.js';

describe('KeyDirectory', () => {
  let now = 1_000;
  const clock = () => now;
  beforeEach(() => (now = 1_000));

  it('holds a listed key until it expires, then forgets it', () => {
    const d = new KeyDirectory(10, clock);
    d.add('a', 2_000);
    expect(d.mayHold('a')).toBe(true);
    expect(d.mayHold('b')).toBe(false);
    now = 2_000;
    expect(d.mayHold('a')).toBe(false);
    expect(d.size).toBe(0);
  });

  it('ignores a key that has already expired', () => {
    const d = new KeyDirectory(10, clock);
    d.add('a', 1_000);
    d.add('b', Number.NaN);
    expect(d.size).toBe(0);
  });

  it('forgets the oldest listed keys past its capacity; a key written again counts as new', () => {
    const d = new KeyDirectory(3, clock);
    for (const k of ['a', 'b', 'c']) d.add(k, 5_000);
    d.add('a', 6_000);
    d.add('d', 5_000);
    expect(['a', 'b', 'c', 'd'].filter((k) => d.mayHold(k))).toEqual(['a', 'c', 'd']);
    expect(d.size).toBe(3);
  });

  it('forgets one key, or everything and its readiness on reset', () => {
    const d = new KeyDirectory(3, clock);
    d.add('a', 5_000);
    d.add('b', 5_000);
    d.forget('a');
    expect(d.mayHold('a')).toBe(false);
    d.ready = true;
    d.reset();
    expect(d.ready).toBe(false);
    expect(d.mayHold('b')).toBe(false);
  });
});

describe('parseWritten', () => {
  it('reads what writtenMessage writes and refuses anything else', () => {
    expect(parseWritten(writtenMessage(1765000000000, 'w1', 'abc-_DEF'))).toEqual({ key: 'abc-_DEF', writer: 'w1', expiresAt: 1765000000000 });
    for (const bad of ['', 'abc', ' w abc', '123 w', '123 w ', 'x w abc', 'Infinity w abc', '123 w abc extra']) expect(parseWritten(bad)).toBeUndefined();
  });
});
