import { describeJsonError, nestsDeeperThan, parseJsonSafely } from './json-body-parser.js';

const errorOf = (text: string): Error => {
  try {
    JSON.parse(text);
  } catch (e) {
    return e as Error;
  }
  throw new Error('parsed');
};

describe('describeJsonError', () => {
  it('names the line and column of the mistake', () => {
    const text = '{\n  "a": 1,\n  b: 2\n}';
    expect(describeJsonError(text, errorOf(text))).toMatch(/ at line 3, column 3$/);
  });

  it('keeps the reason when JSON.parse gives no position', () => {
    expect(describeJsonError('{"a":', errorOf('{"a":'))).toBe('Unexpected end of JSON input');
  });
});

describe('nestsDeeperThan', () => {
  it('counts object and array nesting, skipping brackets inside strings', () => {
    expect(nestsDeeperThan('['.repeat(200) + ']'.repeat(200), 128)).toBe(true);
    expect(nestsDeeperThan('{"a":'.repeat(129) + '1' + '}'.repeat(129), 128)).toBe(true);
    expect(nestsDeeperThan('['.repeat(128) + ']'.repeat(128) + ' '.repeat(300), 128)).toBe(false);
    expect(nestsDeeperThan(JSON.stringify({ s: '['.repeat(1000), t: 'a\\"[[[' }), 128)).toBe(false);
    expect(nestsDeeperThan('[[]]', 1)).toBe(true);
    expect(nestsDeeperThan('[]', 1)).toBe(false);
  });

  it('decides long bodies with few brackets without the scan, and scans those with many', () => {
    const prose = JSON.stringify({ messages: [{ role: 'user', content: 'a long question, '.repeat(500) }] });
    expect(nestsDeeperThan(prose, 128)).toBe(false);
    // Many brackets, all flat (or inside strings): counted past the limit, then the scan finds them shallow.
    expect(nestsDeeperThan(JSON.stringify({ list: Array.from({ length: 300 }, () => []), s: '{'.repeat(300) }), 128)).toBe(false);
    // Exactly the limit's worth of nesting in a long body is allowed; one more is not.
    const nest = (d: number) => '['.repeat(d) + ']'.repeat(d) + ' '.repeat(1000);
    expect(nestsDeeperThan(nest(128), 128)).toBe(false);
    expect(nestsDeeperThan(nest(129), 128)).toBe(true);
    expect(nestsDeeperThan('{"a":'.repeat(70) + '['.repeat(60) + ']'.repeat(60) + '}'.repeat(70), 128)).toBe(true);
  });
});

describe('parseJsonSafely', () => {
  it('parses ordinary JSON, with or without escapes or a byte-order mark', () => {
    expect(parseJsonSafely('{"model":"m","messages":[{"content":"caf\\u00e9"}]}')).toEqual({ model: 'm', messages: [{ content: 'café' }] });
    expect(parseJsonSafely('\ufeff{"a":1}')).toEqual({ a: 1 });
    expect(parseJsonSafely('{"text":"the constructor of __proto__ chains"}')).toEqual({ text: 'the constructor of __proto__ chains' });
  });

  it('refuses prototype-poisoning keys, however they are spelled', () => {
    expect(() => parseJsonSafely('{"a":{"__proto__":{"admin":true}}}')).toThrow(/prototype/);
    expect(() => parseJsonSafely('{"a":{"\\u005f_proto__":{"admin":true}}}')).toThrow(/prototype/);
    expect(() => parseJsonSafely('{"constructor":{"prototype":{"admin":true}}}')).toThrow(/prototype/);
    expect(() => parseJsonSafely('{"\\u0063onstructor":{"prototype":{"admin":true}}}')).toThrow(/prototype/);
    expect(() => parseJsonSafely('\ufeff{"__proto__":{}}')).toThrow(/prototype/);
  });
});
