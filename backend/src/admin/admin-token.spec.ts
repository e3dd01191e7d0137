import { bearerToken, generateAdminToken, hashToken, tokenMatches } from './admin-token.js';

describe('admin token', () => {
  it('generates distinct prefixed tokens with 256 bits of randomness', () => {
    const a = generateAdminToken();
    expect(a).toMatch(/^sy_admin_[\w-]{43}$/);
    expect(generateAdminToken()).not.toBe(a);
  });

  it('matches only the token whose hash is stored', () => {
    const t = generateAdminToken();
    const h = hashToken(t);
    expect(h).toMatch(/^[0-9a-f]{64}$/);
    expect(tokenMatches(t, h)).toBe(true);
    expect(tokenMatches(t + 'x', h)).toBe(false);
    expect(tokenMatches(t, 'not-a-hash')).toBe(false);
  });

  it.each([
    ['Bearer abc', 'abc'],
    ['bearer  abc ', 'abc'],
    ['Basic abc', undefined],
    ['Bearer', undefined],
    ['Bearer a b', undefined],
    [undefined, undefined],
  ])('reads %j as %j', (header, expected) => {
    expect(bearerToken(header)).toBe(expected);
  });
});
