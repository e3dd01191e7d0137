import type { ChatChunk, ChatRequest, ChatResponse, EmbeddingRequest, EmbeddingResponse } from '../chat-types.js';
import { withFirstKey, withModel } from '../../common/json/json-splice.js';
import {
  ANSWER_TEXT,
  type ChatAnswer,
  type ChatRequestText,
  type ProviderAccount,
  type ProviderAdapter,
  REQUEST_TEXT,
  type Target,
} from '../provider-adapter.js';
import { kindFromStatus, parseRetryAfter, ProviderError } from '../provider-error.js';
import { completionText, estimateUsage } from '../tokens.js';
import { bodyText, headersOf, postJsonBuffered } from '../upstream/buffered.js';
import { callSignal, postJson, readErrorBody, transportError, type UpstreamResponse } from '../upstream/http.js';
import { readSseBatches } from '../upstream/sse.js';

/** Azure OpenAI routes by deployment and api-version and authenticates with `api-key`. */
interface AzureOptions {
  apiVersion: string;
}

function azureOf(account: ProviderAccount): AzureOptions | undefined {
  const azure = account.options.azure as AzureOptions | undefined;
  return azure?.apiVersion ? azure : undefined;
}

/** The URL of an OpenAI-style operation for this account (plain OpenAI-compatible or Azure). */
export function openaiUrl(account: ProviderAccount, model: string, op: 'chat/completions' | 'embeddings'): string {
  const base = account.baseUrl.replace(/\/+$/, '');
  const azure = azureOf(account);
  if (azure) return `${base}/openai/deployments/${encodeURIComponent(model)}/${op}?api-version=${encodeURIComponent(azure.apiVersion)}`;
  return `${base}/${op}`;
}

/** As `readErrorBody`'s limit: the text an error is mapped from. */
const ERROR_TEXT_LIMIT = 64 * 1024;

const headerCache = new WeakMap<ProviderAccount, Record<string, string>>();

/** Built once per account snapshot (a reload makes new account objects, so a changed key is picked up). */
function authHeaders(account: ProviderAccount): Record<string, string> {
  let h = headerCache.get(account);
  if (!h) {
    h = !account.apiKey ? {} : azureOf(account) ? { 'api-key': account.apiKey } : { authorization: `Bearer ${account.apiKey}` };
    headerCache.set(account, h);
  }
  return h;
}

/** Maps an OpenAI-style error response (`{"error":{"message","type","code"}}`) to the taxonomy. */
export function errorFromBody(account: ProviderAccount, status: number, headers: Record<string, string | string[] | undefined>, text: string): ProviderError {
  let message = text.slice(0, 500) || `HTTP ${status}`;
  let code = '';
  try {
    const parsed = JSON.parse(text) as { error?: { message?: string; code?: string | null; type?: string } | string; message?: string };
    const e = parsed.error;
    if (typeof e === 'string') message = e;
    else if (e) {
      message = e.message ?? message;
      code = `${e.code ?? ''} ${e.type ?? ''}`;
    } else if (parsed.message) message = parsed.message;
  } catch {
    /* not JSON: keep the text */
  }
  return new ProviderError(kindFromStatus(status, `${code} ${message}`), `${account.name}: ${message}`, {
    status,
    retryAfterMs: parseRetryAfter(headers),
    provider: account.name,
  });
}

/** {@link errorFromBody} of a streamed response: its body is read first (bounded). */
export async function upstreamError(account: ProviderAccount, res: UpstreamResponse): Promise<ProviderError> {
  return errorFromBody(account, res.status, res.headers, await readErrorBody(res.body));
}

/** A whole (non-streamed) answer: an error status mapped, else the body's JSON text and its parse. */
async function callJson<T>(account: ProviderAccount, url: string, body: string, signal: AbortSignal): Promise<{ text: string; value: T }> {
  const res = await postJsonBuffered(account, url, body, authHeaders(account), signal);
  const text = bodyText(res.body);
  if (res.status >= 300) throw errorFromBody(account, res.status, headersOf(res.rawHeaders), text.slice(0, ERROR_TEXT_LIMIT));
  try {
    return { text, value: JSON.parse(text) as T };
  } catch {
    throw new ProviderError('server_error', `${account.name}: response is not valid JSON`, { provider: account.name });
  }
}

/** Upstream request body: the canonical request with the upstream model id and our streaming needs. */
export function upstreamBody(req: ChatRequest, target: Target, stream: boolean): ChatRequest {
  // Copied key by key without the client's stream_options (rather than `delete`, which would leave a slow
  // dictionary-mode object, or a rest pattern, which measured 3-4 µs a call on a JSON.parse'd body).
  const out = {} as ChatRequest;
  const copy = out as unknown as Record<string, unknown>;
  for (const k of Object.keys(req)) if (k !== 'stream_options') copy[k] = (req as unknown as Record<string, unknown>)[k];
  out.model = target.model;
  out.stream = stream;
  if (stream) out.stream_options = { include_usage: true };
  return out;
}

const STREAM_USAGE = '{"include_usage":true}';

/**
 * {@link upstreamBody} as JSON text. The client's own text with `model` replaced when the gateway passed it
 * ({@link REQUEST_TEXT}) and nothing here changes more than `model`: serialising the request again was the
 * largest part of what the gateway does to a request body (a 6.7 KB chat request: JSON.stringify ~5 µs).
 */
export function upstreamJson(req: ChatRequest, target: Target, stream: boolean): string {
  const text = (req as ChatRequestText)[REQUEST_TEXT];
  if (text !== undefined && req.stream_options === undefined) {
    const spliced = withModel(text, target.model);
    if (spliced !== undefined) return stream ? withFirstKey(spliced, 'stream_options', STREAM_USAGE) : spliced;
  }
  return JSON.stringify(upstreamBody(req, target, stream));
}

async function chat(req: ChatRequest, target: Target, signal: AbortSignal): Promise<ChatResponse> {
  const { account } = target;
  const s = callSignal(signal, account.timeouts);
  const { text, value: parsed } = await callJson<ChatResponse>(
    account,
    openaiUrl(account, target.model, 'chat/completions'),
    upstreamJson(req, target, false),
    s,
  );
  if (!Array.isArray(parsed?.choices)) throw new ProviderError('server_error', `${account.name}: response has no choices`, { provider: account.name });
  if (!parsed.usage) parsed.usage = estimateUsage(req.messages, completionText(parsed));
  else (parsed as ChatAnswer)[ANSWER_TEXT] = text;
  return parsed;
}

/** How long the body may stay open after `[DONE]`, and the error that then ends it (made once: no stack per stream). */
const DRAIN_MS = 1_000;
const DRAINED = new Error('upstream kept the stream open after [DONE]');

async function* chatStream(req: ChatRequest, target: Target, signal: AbortSignal): AsyncGenerator<ChatChunk> {
  const { account } = target;
  const s = callSignal(signal, account.timeouts);
  const res = await postJson(account, openaiUrl(account, target.model, 'chat/completions'), upstreamJson(req, target, true), authHeaders(account), s);
  if (res.status >= 300) throw await upstreamError(account, res);
  let done = false;
  let sawUsage = false;
  let text = '';
  let last: ChatChunk | undefined;
  let drain: NodeJS.Timeout | undefined;
  try {
    // The events of a network chunk in one batch: one asynchronous step a chunk, not one an event.
    for await (const events of readSseBatches(res.body)) {
      for (const ev of events) {
        // After [DONE] the body is read to its end rather than left: leaving a Readable's iterator before its
        // end makes Node destroy it with a new AbortError whose stack is formatted (~35 µs a stream in the
        // profile). An upstream that keeps the response open after [DONE] is cut after DRAIN_MS.
        if (done) continue;
        if (ev.data === '[DONE]') {
          done = true;
          drain = setTimeout(() => res.body.destroy(DRAINED), DRAIN_MS);
          continue;
        }
        const chunk = JSON.parse(ev.data) as ChatChunk & { error?: { message?: string } };
        if (chunk.error) throw new ProviderError('server_error', `${account.name}: ${chunk.error.message ?? 'stream error'}`, { provider: account.name });
        if (chunk.usage) sawUsage = true;
        for (const c of chunk.choices ?? []) text += c.delta?.content ?? '';
        last = chunk;
        yield chunk;
      }
    }
  } catch (err) {
    if (err !== DRAINED) {
      if (err instanceof SyntaxError) throw new ProviderError('server_error', `${account.name}: malformed stream chunk`, { provider: account.name });
      throw transportError(err, account, s);
    }
  } finally {
    clearTimeout(drain);
  }
  if (!done) throw new ProviderError('network', `${account.name}: stream ended before completion`, { provider: account.name });
  // Servers that ignore stream_options (older vLLM, some proxies) send no usage: count it here.
  if (!sawUsage && last) yield { ...last, choices: [], usage: estimateUsage(req.messages, text) };
}

async function embed(req: EmbeddingRequest, target: Target, signal: AbortSignal): Promise<EmbeddingResponse> {
  const { account } = target;
  const s = callSignal(signal, account.timeouts);
  return (await callJson<EmbeddingResponse>(account, openaiUrl(account, target.model, 'embeddings'), JSON.stringify({ ...req, model: target.model }), s)).value;
}

/** OpenAI and every OpenAI-compatible server (Azure OpenAI, Mistral, Groq, Together, DeepSeek, OpenRouter, vLLM, Ollama, LM Studio). */
export const openaiAdapter: ProviderAdapter = { kind: 'openai', chat, chatStream, embed };
