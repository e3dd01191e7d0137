import { type Dispatcher, getGlobalDispatcher } from 'undici';
import type { ProviderAccount } from '../provider-adapter.js';
import { requestHeaders, splitUrl, transportError, withTraceHeaders } from './http.js';

/** A whole upstream answer in memory: what non-streaming calls need, without a body stream. */
export interface BufferedResponse {
  status: number;
  /** undici's raw list (name, value, name, value, …); see {@link headersOf}. */
  rawHeaders: Buffer[];
  body: Buffer;
}

/** An error answer is kept up to this size (the rest is read and dropped), as `readErrorBody` does. */
const ERROR_BODY_LIMIT = 64 * 1024;

/**
 * undici's dispatch handler that collects the body into chunks. `dispatcher.request()` wraps every call in an
 * `AsyncResource`, a `Readable` body stream and its consume machinery; together with `body.json()` that was
 * the largest part of undici's share of the gateway's profile, for a body that is read whole anyway.
 */
class Collect implements Dispatcher.DispatchHandler {
  private abortCall?: (reason: Error) => void;
  private status = 0;
  private rawHeaders: Buffer[] = [];
  private chunks: Buffer[] = [];
  private size = 0;

  constructor(
    private readonly account: ProviderAccount,
    private readonly signal: AbortSignal,
    private readonly resolve: (r: BufferedResponse) => void,
    private readonly reject: (err: unknown) => void,
  ) {
    signal.addEventListener('abort', this.onAbort);
  }

  private readonly onAbort = (): void => this.abortCall?.(this.signal.reason as Error);

  onConnect(abort: (reason?: Error) => void): void {
    if (this.signal.aborted) abort(this.signal.reason as Error);
    else this.abortCall = abort;
  }

  onHeaders(status: number, rawHeaders: Buffer[]): boolean {
    if (status >= 200) {
      this.status = status;
      this.rawHeaders = rawHeaders;
    }
    return true;
  }

  onData(chunk: Buffer): boolean {
    if (this.status < 300 || this.size < ERROR_BODY_LIMIT) {
      this.chunks.push(chunk);
      this.size += chunk.length;
    }
    return true;
  }

  onComplete(): void {
    this.signal.removeEventListener('abort', this.onAbort);
    const { chunks } = this;
    this.resolve({ status: this.status, rawHeaders: this.rawHeaders, body: chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, this.size) });
  }

  onError(err: Error): void {
    this.signal.removeEventListener('abort', this.onAbort);
    this.reject(transportError(err, this.account, this.signal));
  }
}

/**
 * Sends one JSON request upstream (`payload` already serialised) and reads the whole answer. Transport
 * failures become ProviderErrors (`timeout`, `network`) as in `postJson`; HTTP error statuses are returned.
 */
export function postJsonBuffered(
  account: ProviderAccount,
  url: string,
  payload: string,
  headers: Record<string, string>,
  signal: AbortSignal,
): Promise<BufferedResponse> {
  return new Promise((resolve, reject) => {
    const handler = new Collect(account, signal, resolve, reject);
    try {
      const { origin, path } = splitUrl(url);
      (account.dispatcher ?? getGlobalDispatcher()).dispatch(
        { origin, path, method: 'POST', headers: withTraceHeaders(requestHeaders(account, headers), signal), body: payload },
        handler,
      );
    } catch (err) {
      handler.onError(err as Error);
    }
  });
}

/** The raw header list as an object of lower-case names (repeated names as arrays), for error mapping. */
export function headersOf(raw: Buffer[]): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const k = raw[i].toString('latin1').toLowerCase();
    const v = raw[i + 1].toString('latin1');
    const had = out[k];
    out[k] = had === undefined ? v : Array.isArray(had) ? [...had, v] : [had, v];
  }
  return out;
}

/** The body as text: UTF-8, without a byte-order mark (undici's `body.json()` drops one too). */
export function bodyText(body: Buffer): string {
  return body.length >= 3 && body[0] === 0xef && body[1] === 0xbb && body[2] === 0xbf ? body.toString('utf8', 3) : body.toString('utf8');
}
