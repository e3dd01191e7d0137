import type { ChatChunk, ChatRequest, ChatResponse, EmbeddingRequest, EmbeddingResponse } from '../chat-types.js';
import type { ProviderAdapter, Target } from '../provider-adapter.js';
import { ProviderError } from '../provider-error.js';
import { countTextTokens } from '../tokens.js';
import { callSignal, postJson, readErrorBody, transportError, type UpstreamResponse } from '../upstream/http.js';
import { readSse } from '../upstream/sse.js';
import { geminiHttpError } from './gemini.errors.js';
import { toGeminiRequest } from './gemini.request.js';
import { fromGeminiResponse } from './gemini.response.js';
import { GeminiStreamTranslator } from './gemini.stream.js';
import type { GeminiBatchEmbedRequest, GeminiBatchEmbedResponse, GeminiErrorBody, GeminiResponse } from './gemini.types.js';

/** `gemini-2.5-flash` → `models/gemini-2.5-flash`; names with a collection (`tunedModels/x`) are kept. */
function resourceName(model: string): string {
  return model.includes('/') ? model : `models/${model}`;
}

/** The method URL; a bare host gets the `v1beta` version the adapter speaks. */
function methodUrl(target: Target, method: string): string {
  let base = target.account.baseUrl.replace(/\/+$/, '');
  if (new URL(base).pathname === '/') base += '/v1beta';
  return `${base}/${resourceName(target.model)}:${method}`;
}

/** Posts to Gemini and returns the 2xx response; any other status becomes the mapped ProviderError. */
async function send(target: Target, method: string, body: unknown, signal: AbortSignal): Promise<UpstreamResponse> {
  const { account } = target;
  const headers: Record<string, string> = account.apiKey ? { 'x-goog-api-key': account.apiKey } : {};
  const res = await postJson(account, methodUrl(target, method), JSON.stringify(body), headers, signal);
  if (res.status >= 200 && res.status < 300) return res;
  const text = await readErrorBody(res.body);
  throw geminiHttpError(res.status, res.headers, text, account.name);
}

async function readJson<T>(res: UpstreamResponse, target: Target, signal: AbortSignal): Promise<T> {
  let text: string;
  try {
    text = await res.body.text();
  } catch (err) {
    throw transportError(err, target.account, signal);
  }
  try {
    return JSON.parse(text) as T;
  } catch {
    throw new ProviderError('server_error', 'gemini: response is not valid JSON', { provider: target.account.name, status: res.status });
  }
}

async function chat(req: ChatRequest, target: Target, signal: AbortSignal): Promise<ChatResponse> {
  const body = toGeminiRequest(req);
  const sig = callSignal(signal, target.account.timeouts);
  const res = await send(target, 'generateContent', body, sig);
  const answer = await readJson<GeminiResponse>(res, target, sig);
  return fromGeminiResponse(answer, { model: target.model, messages: req.messages, provider: target.account.name });
}

async function* chatStream(req: ChatRequest, target: Target, signal: AbortSignal): AsyncGenerator<ChatChunk> {
  const { account } = target;
  const body = toGeminiRequest(req);
  const sig = callSignal(signal, account.timeouts);
  const res = await send(target, 'streamGenerateContent?alt=sse', body, sig);
  const translator = new GeminiStreamTranslator({ model: target.model, messages: req.messages, provider: account.name });
  try {
    for await (const event of readSse(res.body)) {
      if (!event.data.trim()) continue;
      let parsed: GeminiResponse & GeminiErrorBody;
      try {
        parsed = JSON.parse(event.data) as GeminiResponse & GeminiErrorBody;
      } catch {
        throw new ProviderError('server_error', 'gemini: stream event is not valid JSON', { provider: account.name });
      }
      // A failure after the 200 headers arrives as an error envelope in a data event.
      if (parsed.error) throw geminiHttpError(parsed.error.code ?? 500, {}, event.data, account.name);
      yield* translator.push(parsed);
    }
  } catch (err) {
    throw transportError(err, account, sig);
  } finally {
    // Stopping early (client gone, error) must free the connection rather than leave the upstream talking.
    if (!res.body.destroyed) res.body.destroy();
  }
  yield translator.end();
}

async function embed(req: EmbeddingRequest, target: Target, signal: AbortSignal): Promise<EmbeddingResponse> {
  const texts = typeof req.input === 'string' ? [req.input] : req.input;
  if (texts.length === 0) throw new ProviderError('bad_request', 'gemini: embedding input is empty', { provider: target.account.name });
  const model = resourceName(target.model);
  const body: GeminiBatchEmbedRequest = {
    requests: texts.map((text) => ({ model, content: { parts: [{ text }] }, ...(req.dimensions && { outputDimensionality: req.dimensions }) })),
  };
  const sig = callSignal(signal, target.account.timeouts);
  const res = await send(target, 'batchEmbedContents', body, sig);
  const answer = await readJson<GeminiBatchEmbedResponse>(res, target, sig);
  const embeddings = answer.embeddings ?? [];
  if (embeddings.length !== texts.length) {
    throw new ProviderError('server_error', `gemini: ${embeddings.length} embeddings for ${texts.length} inputs`, { provider: target.account.name });
  }
  // Gemini reports no usage for embeddings.
  const tokens = texts.reduce((n, t) => n + countTextTokens(t), 0);
  return {
    object: 'list',
    data: embeddings.map((e, index) => ({ object: 'embedding', index, embedding: e.values ?? [] })),
    model: target.model,
    usage: { prompt_tokens: tokens, total_tokens: tokens },
  };
}

/** Google Gemini (Generative Language API, v1beta): chat, streaming chat and embeddings over REST. */
export const geminiAdapter: ProviderAdapter = { kind: 'gemini', chat, chatStream, embed };
