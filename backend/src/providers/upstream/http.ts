import { Agent, errors as undiciErrors, request, type Dispatcher } from 'undici';
import type { ProviderAccount, Timeouts } from '../provider-adapter.js';
import { ProviderError } from '../provider-error.js';

/** A keep-alive connection pool for one provider account, with its connect and first-byte limits. */
export function createDispatcher(timeouts: Timeouts): Dispatcher {
  return new Agent({
    connect: { timeout: timeouts.connectMs },
    headersTimeout: timeouts.firstByteMs,
    // Between body chunks; the whole call is bounded by the total timeout signal.
    bodyTimeout: timeouts.totalMs,
    keepAliveTimeout: 30_000,
    connections: 256,
    pipelining: 1,
  });
}

export interface UpstreamResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Dispatcher.ResponseData['body'];
}

/**
 * The abort signal of one gateway attempt, fired by a client hanging up or (reason `TimeoutError`) by the
 * attempt's deadline. It implements the part of `AbortSignal` that undici and the adapters use (`aborted`,
 * `reason`, `add`/`removeEventListener`, `throwIfAborted`) on a plain array of listeners: an
 * `AbortController` is an `EventTarget`, and creating one and subscribing to it measured ~3 µs per call,
 * about as much as everything else the gateway adds to a request. One timer per attempt, cleared by
 * `dispose()`.
 */
export class DeadlineSignal {
  aborted = false;
  reason: unknown = undefined;
  /** The attempt's trace context as headers (W3C `traceparent`, `tracestate`), sent upstream; set when traces are on. */
  traceHeaders: Record<string, string> | undefined = undefined;
  private listeners: Array<() => void> = [];
  private readonly timer: NodeJS.Timeout;

  constructor(totalMs: number) {
    this.timer = setTimeout(() => this.abort(new DOMException(`no answer within ${totalMs} ms`, 'TimeoutError')), totalMs);
  }

  /** Listeners run once, on the first abort (as `{ once: true }` would); there is no other event. */
  addEventListener(type: string, listener: () => void): void {
    if (type === 'abort' && !this.aborted) this.listeners.push(listener);
  }

  removeEventListener(type: string, listener: () => void): void {
    const i = this.listeners.indexOf(listener);
    if (i !== -1) this.listeners.splice(i, 1);
  }

  throwIfAborted(): void {
    if (this.aborted) throw this.reason;
  }

  abort(reason: unknown): void {
    if (this.aborted) return;
    this.aborted = true;
    this.reason = reason;
    clearTimeout(this.timer);
    const listeners = this.listeners;
    this.listeners = [];
    for (const listener of listeners) listener();
  }

  dispose(): void {
    clearTimeout(this.timer);
  }

  /** What the adapters take: they only use the members above. */
  get signal(): AbortSignal {
    return this as unknown as AbortSignal;
  }
}

/** Combines the caller's signal with the account's total timeout, unless the caller's already has a deadline. */
export function callSignal(signal: AbortSignal, timeouts: Timeouts): AbortSignal {
  if ((signal as unknown) instanceof DeadlineSignal) return signal;
  return AbortSignal.any([signal, AbortSignal.timeout(timeouts.totalMs)]);
}

const parsedUrls = new Map<string, { origin: string; path: string }>();

/** Upstream URLs repeat per account and model: parse each once (URL parsing showed in the gateway's profile). */
export function splitUrl(url: string): { origin: string; path: string } {
  let parts = parsedUrls.get(url);
  if (!parts) {
    const u = new URL(url);
    parts = { origin: u.origin, path: u.pathname + u.search };
    if (parsedUrls.size > 10_000) parsedUrls.clear();
    parsedUrls.set(url, parts);
  }
  return parts;
}

const mergedHeaders = new WeakMap<ProviderAccount, WeakMap<Record<string, string>, Record<string, string>>>();

/** content-type + the account's extra headers + the adapter's auth headers, merged once per (account, auth object). */
export function requestHeaders(account: ProviderAccount, headers: Record<string, string>): Record<string, string> {
  let byAuth = mergedHeaders.get(account);
  if (!byAuth) mergedHeaders.set(account, (byAuth = new WeakMap()));
  let merged = byAuth.get(headers);
  if (!merged) byAuth.set(headers, (merged = { 'content-type': 'application/json', ...account.headers, ...headers }));
  return merged;
}

/**
 * The request headers with the attempt's trace context added, when the signal carries one (traces on): the
 * provider, or a proxy or model server in front of it, joins the gateway's trace. A copy only then.
 */
export function withTraceHeaders(headers: Record<string, string>, signal: AbortSignal): Record<string, string> {
  const trace = (signal as unknown as Partial<DeadlineSignal>).traceHeaders;
  return trace ? { ...headers, ...trace } : headers;
}

/**
 * Sends one JSON request upstream (`payload`: its JSON text). Transport failures become ProviderErrors
 * (`timeout`, `network`); HTTP error statuses are returned for the adapter to map with its provider's error body.
 */
export async function postJson(
  account: ProviderAccount,
  url: string,
  payload: string,
  headers: Record<string, string>,
  signal: AbortSignal,
): Promise<UpstreamResponse> {
  try {
    const h = withTraceHeaders(requestHeaders(account, headers), signal);
    let res: Dispatcher.ResponseData;
    if (account.dispatcher) {
      // Spelled out: `{ ...splitUrl(url), ...opts }` took the slow generic copy and was the largest item of the
      // gateway's own JavaScript in the profile (~7 µs a call with the stringify; ~0.5 µs as a literal in a micro-benchmark).
      const { origin, path } = splitUrl(url);
      res = await account.dispatcher.request({ origin, path, method: 'POST', headers: h, body: payload, signal });
    } else res = await request(url, { method: 'POST', headers: h, body: payload, signal });
    return { status: res.statusCode, headers: res.headers, body: res.body };
  } catch (err) {
    throw transportError(err, account, signal);
  }
}

/** Maps an undici/abort failure to the taxonomy. A caller's own abort is rethrown unchanged. */
export function transportError(err: unknown, account: ProviderAccount, signal?: AbortSignal): unknown {
  if (err instanceof ProviderError) return err;
  const provider = account.name;
  if (signal?.aborted) {
    const reason = signal.reason as Error | undefined;
    if (reason?.name === 'TimeoutError') {
      return new ProviderError('timeout', `${provider}: ${reason.message || `no answer within ${account.timeouts.totalMs} ms`}`, { provider, cause: err });
    }
    return err;
  }
  if (err instanceof undiciErrors.HeadersTimeoutError) {
    return new ProviderError('timeout', `${provider} sent no response headers within ${account.timeouts.firstByteMs} ms`, { provider, cause: err });
  }
  if (err instanceof undiciErrors.BodyTimeoutError) {
    return new ProviderError('timeout', `${provider} stalled while sending the response`, { provider, cause: err });
  }
  if (err instanceof undiciErrors.ConnectTimeoutError) {
    return new ProviderError('timeout', `${provider}: connect timed out after ${account.timeouts.connectMs} ms`, { provider, cause: err });
  }
  const code = (err as { code?: string })?.code ?? '';
  const message = err instanceof Error ? err.message : String(err);
  return new ProviderError('network', `${provider}: ${code ? `${code} ` : ''}${message}`.trim(), { provider, cause: err });
}

/** Reads a (bounded) error body as text so an adapter can extract the provider's message. */
export async function readErrorBody(body: UpstreamResponse['body'], limit = 64 * 1024): Promise<string> {
  let text = '';
  try {
    for await (const chunk of body) {
      text += Buffer.from(chunk as Uint8Array).toString('utf8');
      if (text.length > limit) break;
    }
  } catch {
    /* a broken error body still yields the status */
  }
  return text.slice(0, limit);
}
