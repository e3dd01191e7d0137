import { redact } from './redact.js';

describe('redact', () => {
  it('replaces matches inside string leaves only, keeping the shape', () => {
    const body = { messages: [{ role: 'user', content: 'card 4111111111111111, mail a@b.io' }], n: 1 };
    expect(redact(body, [/\b\d{16}\b/g, /\S+@\S+/g])).toEqual({ messages: [{ role: 'user', content: 'card [REDACTED], mail [REDACTED]' }], n: 1 });
  });

  it('does not change the input', () => {
    const body = { a: 'secret' };
    redact(body, [/secret/g]);
    expect(body.a).toBe('secret');
  });
});
