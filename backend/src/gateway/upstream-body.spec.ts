import type { Candidate } from '../routing/route-resolver.js';
import { type GatewayChatRequest, upstreamBody } from './upstream-body.js';

const candidate = (overrides?: Candidate['overrides']): Candidate =>
  ({ label: 'oai/gpt-b', target: { model: 'gpt-b', account: {} }, overrides }) as unknown as Candidate;
const body = () =>
  JSON.parse(
    '{"model":"my-route","models":["oai/gpt-c"],"provider":{"sort":"price"},"messages":[{"role":"user","content":"hi"}],"temperature":1.5,"user":"u1"}',
  ) as GatewayChatRequest;

describe('upstreamBody', () => {
  it("is the client's body with the target's model and stream, without the gateway-only `models` and `provider`, in the client's key order", () => {
    const b = body();
    expect(JSON.stringify(upstreamBody(b, candidate(), false))).toBe(
      '{"model":"gpt-b","messages":[{"role":"user","content":"hi"}],"temperature":1.5,"user":"u1","stream":false}',
    );
    expect(upstreamBody(b, candidate(), true).stream).toBe(true);
    expect(b).toEqual(body());
  });

  it("applies the target's overrides over the client's values and puts a system override first", () => {
    const b = body();
    const out = upstreamBody(b, candidate({ temperature: 0, max_tokens: 7, system: 'Be brief.' }), false);
    expect(out).toMatchObject({ temperature: 0, max_tokens: 7, user: 'u1' });
    expect(out.messages).toEqual([
      { role: 'system', content: 'Be brief.' },
      { role: 'user', content: 'hi' },
    ]);
    expect(b.messages).toHaveLength(1);
  });
});
