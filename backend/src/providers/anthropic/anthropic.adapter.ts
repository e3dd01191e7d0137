import type { ChatChunk, ChatRequest, ChatResponse } from '../chat-types.js';
import type { ProviderAccount, ProviderAdapter, Target } from '../provider-adapter.js';
import { ProviderError } from '../provider-error.js';
import { callSignal, postJson, readErrorBody, transportError, type UpstreamResponse } from '../upstream/http.js';
import { readSse } from '../upstream/sse.js';
import { errorFromResponse } from './anthropic.errors.js';
import { AnthropicStreamTranslator } from './anthropic.stream.js';
import { fromAnthropicResponse, toAnthropicRequest } from './anthropic.transform.js';
import type { AnthropicRequest, AnthropicResponse } from './anthropic.types.js';

/** The API version this adapter's wire format follows. */
export const ANTHROPIC_VERSION = '2023-06-01';

/** `${baseUrl}/v1/messages`, accepting a base URL given with or without `/v1` and trailing slashes. */
export function messagesUrl(baseUrl: string): string {
  const base = baseUrl.replace(/\/+$/, '');
  return base.endsWith('/v1') ? `${base}/messages` : `${base}/v1/messages`;
}

function authHeaders(account: ProviderAccount): Record<string, string> {
  const headers: Record<string, string> = { 'anthropic-version': ANTHROPIC_VERSION };
  if (account.apiKey) headers['x-api-key'] = account.apiKey;
  return headers;
}

/** Sends the request; a non-2xx answer becomes a ProviderError built from Anthropic's error body. */
async function send(req: ChatRequest, target: Target, signal: AbortSignal, stream: boolean): Promise<{ res: UpstreamResponse; sig: AbortSignal }> {
  const { account } = target;
  let body: AnthropicRequest;
  try {
    body = toAnthropicRequest({ ...req, model: target.model }, { stream });
  } catch (err) {
    // The pure transform knows no account; the caller's logs and failover need to know which one refused.
    if (err instanceof ProviderError) throw new ProviderError(err.kind, err.message, { ...err.opts, provider: account.name });
    throw err;
  }
  const sig = callSignal(signal, account.timeouts);
  const res = await postJson(account, messagesUrl(account.baseUrl), JSON.stringify(body), authHeaders(account), sig);
  if (res.status < 200 || res.status >= 300) {
    throw errorFromResponse(res.status, res.headers, await readErrorBody(res.body), account.name);
  }
  return { res, sig };
}

async function chat(req: ChatRequest, target: Target, signal: AbortSignal): Promise<ChatResponse> {
  const { account } = target;
  const { res, sig } = await send(req, target, signal, false);
  let text: string;
  try {
    text = await res.body.text();
  } catch (err) {
    throw transportError(err, account, sig);
  }
  let parsed: AnthropicResponse;
  try {
    parsed = JSON.parse(text) as AnthropicResponse;
  } catch (cause) {
    throw new ProviderError('server_error', 'anthropic: response is not JSON', { provider: account.name, status: res.status, cause });
  }
  if (!Array.isArray(parsed?.content)) {
    throw new ProviderError('server_error', 'anthropic: response has no content array', { provider: account.name, status: res.status });
  }
  return fromAnthropicResponse(parsed);
}

async function* chatStream(req: ChatRequest, target: Target, signal: AbortSignal): AsyncGenerator<ChatChunk> {
  const { account } = target;
  const { res, sig } = await send(req, target, signal, true);
  const translator = new AnthropicStreamTranslator(account.name);
  try {
    for await (const event of readSse(res.body)) yield* translator.push(event);
  } catch (err) {
    // A caller's abort comes back unchanged; socket resets and stalls become 'network' / 'timeout'.
    throw transportError(err, account, sig);
  }
  translator.end();
}

/** Anthropic's Messages API behind the OpenAI chat-completions contract. No embeddings: Anthropic has none. */
export const anthropicAdapter: ProviderAdapter = { kind: 'anthropic', chat, chatStream };
