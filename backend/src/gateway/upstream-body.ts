import type { ChatRequest } from '../providers/chat-types.js';
import { type ChatRequestText, REQUEST_TEXT } from '../providers/provider-adapter.js';
import type { Candidate } from '../routing/route-resolver.js';

/** The client's body as a gateway request may carry it: OpenRouter-style `models` fallbacks besides OpenAI's fields. */
export type GatewayChatRequest = ChatRequest & { models?: string[]; provider?: unknown };

/**
 * What goes to one candidate: the client's body with the upstream's model id, the gateway-only fields
 * (`models`, `provider`) removed, and the target's overrides applied (they win over the client's values; a system override is
 * put before the client's messages).
 *
 * `text`: the client's JSON text of `body`, when nothing has changed `body` since it was parsed. It is passed on
 * ({@link REQUEST_TEXT}) when the body sent upstream is that text's with only `model` replaced: no gateway-only
 * field, no override, and the text asks for a stream exactly when this call streams.
 */
export function upstreamBody(body: GatewayChatRequest, c: Candidate, stream: boolean, text?: string): ChatRequest {
  // A key-by-key copy: `{ ...rest }` of a rest pattern over a JSON.parse'd object measured 3-4 µs a call, this ~0.4.
  const req = {} as ChatRequest;
  const copy = req as unknown as Record<string, unknown>;
  for (const k of Object.keys(body)) if (k !== 'models' && k !== 'provider') copy[k] = (body as unknown as Record<string, unknown>)[k];
  req.model = c.target.model;
  req.stream = stream;
  const o = c.overrides;
  if (o) {
    if (o.temperature !== undefined) req.temperature = o.temperature;
    if (o.top_p !== undefined) req.top_p = o.top_p;
    if (o.max_tokens !== undefined) req.max_tokens = o.max_tokens;
    if (o.seed !== undefined) req.seed = o.seed;
    if (o.system !== undefined) req.messages = [{ role: 'system', content: o.system }, ...body.messages];
  } else if (text !== undefined && (body.stream === true) === stream && body.models === undefined && body.provider === undefined) {
    (req as ChatRequestText)[REQUEST_TEXT] = text;
  }
  return req;
}
