import { type ChatRequestText, REQUEST_TEXT } from '../providers/provider-adapter.js';
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

describe("upstreamBody with the client's text", () => {
  const text = '{"model":"my-route","messages":[{"role":"user","content":"hi"}],"user":"u1"}';
  const sent = (b: GatewayChatRequest, c: Candidate, stream: boolean) => (upstreamBody(b, c, stream, text) as ChatRequestText)[REQUEST_TEXT];

  it('passes the text on when the request sent is the text with only its model replaced', () => {
    expect(sent(JSON.parse(text) as GatewayChatRequest, candidate(), false)).toBe(text);
    expect(sent({ ...(JSON.parse(text) as GatewayChatRequest), stream: true }, candidate(), true)).toBe(text);
  });

  it('does not when the gateway changes more: its own fields, an override, or a stream the text does not ask for', () => {
    expect(sent(body(), candidate(), false)).toBeUndefined();
    expect(sent(JSON.parse(text) as GatewayChatRequest, candidate({ temperature: 0 }), false)).toBeUndefined();
    expect(sent(JSON.parse(text) as GatewayChatRequest, candidate(), true)).toBeUndefined();
    expect(sent({ ...(JSON.parse(text) as GatewayChatRequest), stream: true }, candidate(), false)).toBeUndefined();
  });
});
