import { createServer, type IncomingMessage, type RequestListener, type Server, type ServerResponse } from 'node:http';
import { AppError } from '../common/errors/app-error.js';
import { type NormalizedError, normalizeError } from '../common/errors/error-body.js';
import { genReqId } from '../http/fastify-options.js';
import { describeJsonError, nestsDeeperThan, parseJsonSafely, tooDeep } from '../http/json-body-parser.js';
import { toOpenAIError } from './openai-error.js';

/** Injection token of the process's {@link GatewayHttp}. */
export const GATEWAY_HTTP = Symbol('GATEWAY_HTTP');

/** One gateway call: the raw request and response, its id, and its parsed JSON body. */
export interface Exchange {
  id: string;
  req: IncomingMessage;
  res: ServerResponse;
  body: unknown;
  /** The body's JSON text as the client sent it; whoever changes `body` clears it (see upstream-body.ts). */
  text: string | undefined;
}

export type GatewayHandler = (ex: Exchange) => Promise<void>;

/** How an endpoint renders its errors: the status and body a client of that API expects. */
export type ErrorRenderer = (e: NormalizedError) => { status: number; body: unknown };

const openAIErrors: ErrorRenderer = (e) => ({ status: e.status, body: toOpenAIError(e) });

const GATEWAY_PATH = /^\/v1(\/|\?|$)/;
const BODY_LIMIT = 32 * 1024 * 1024;

/** Writes a JSON answer with the request id; the one way gateway responses leave, besides SSE streams. */
export function sendJson(ex: Exchange, status: number, body: unknown, headers: Record<string, string> = {}): void {
  sendJsonText(ex, status, JSON.stringify(body), headers);
}

/** {@link sendJson} of a body that is JSON text already. */
export function sendJsonText(ex: Exchange, status: number, payload: string, headers: Record<string, string> = {}): void {
  const all: Record<string, string | number> = {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(payload),
    'x-switchyard-request-id': ex.id,
  };
  // Copied by a loop: a spread into the literal took V8's generic copy (see postJson in providers/upstream/http.ts).
  for (const k in headers) all[k] = headers[k];
  ex.res.writeHead(status, all);
  ex.res.end(payload);
}

export function sendError(ex: Exchange, err: unknown, render: ErrorRenderer = openAIErrors): void {
  if (ex.res.headersSent) return;
  const e = normalizeError(err);
  const { status, body } = render(e);
  sendJson(ex, status, body, e.headers);
}

/**
 * The gateway's HTTP surface on node:http directly, sharing the process's one server with Nest: `/v1`
 * requests never enter Nest or Fastify. The hot path is measured (docs/benchmarks.md): every layer a
 * call does not need is CPU the benchmark's pass-through floor does not spend. Bodies are limited, parsed
 * with prototype-poisoning protection, and errors are OpenAI-shaped.
 */
export class GatewayHttp {
  private readonly routes = new Map<string, GatewayHandler>();
  private readonly renderers = new Map<string, ErrorRenderer>();

  /** `renderError` for an endpoint that speaks another API than OpenAI's (its body errors included). */
  register(method: 'GET' | 'POST', path: string, handler: GatewayHandler, renderError?: ErrorRenderer): void {
    this.routes.set(`${method} ${path}`, handler);
    if (renderError) this.renderers.set(`${method} ${path}`, renderError);
  }

  /** Wraps Nest's request listener: `/v1` goes to the gateway, the rest to Nest. */
  serverFactory = (nest: RequestListener): Server =>
    createServer((req, res) => {
      if (GATEWAY_PATH.test(req.url ?? '')) void this.handle(req, res);
      else nest(req, res);
    });

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const ex: Exchange = { id: genReqId(req), req, res, body: undefined, text: undefined };
    const q = req.url!.indexOf('?');
    const key = `${req.method} ${q === -1 ? req.url! : req.url!.slice(0, q)}`;
    try {
      const handler = this.routes.get(key);
      if (!handler) throw new AppError('request/not-found', `Cannot ${key}`, 404);
      if (req.method === 'POST') await readJson(req, ex);
      await handler(ex);
    } catch (err) {
      sendError(ex, err, this.renderers.get(key));
    }
  }
}

/** Reads and parses the body into `ex.body`, keeping its text in `ex.text`. */
async function readJson(req: IncomingMessage, ex: Exchange): Promise<void> {
  const type = req.headers['content-type'] ?? '';
  if (!type.startsWith('application/json')) {
    throw new AppError('request/unsupported-media-type', `Send the body as JSON with content-type: application/json (got ${type || 'none'})`, 415);
  }
  const declared = Number(req.headers['content-length']);
  if (declared > BODY_LIMIT) throw new AppError('request/body-too-large', `The request body is larger than ${BODY_LIMIT} bytes`, 413);
  const text = await readBody(req);
  if (text.trim() === '') throw new AppError('request/empty-body', 'The request body is empty but content-type is application/json', 400);
  if (nestsDeeperThan(text)) throw tooDeep();
  try {
    ex.body = parseJsonSafely(text);
    ex.text = text;
  } catch (err) {
    throw new AppError('request/malformed-json', `The request body is not valid JSON: ${describeJsonError(text, err as Error)}`, 400);
  }
}

/**
 * The body as text, up to {@link BODY_LIMIT}. Plain `data`/`end` listeners rather than `for await`: the
 * async iterator costs a promise and a microtask per chunk and showed in the gateway's profile.
 */
function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > BODY_LIMIT) {
        // As before: stop reading and drop the connection rather than drain an unbounded upload.
        req.off('data', onData);
        req.destroy();
        reject(new AppError('request/body-too-large', `The request body is larger than ${BODY_LIMIT} bytes`, 413));
        return;
      }
      chunks.push(chunk);
    };
    req.on('data', onData);
    req.once('error', reject);
    req.once('end', () => resolve(chunks.length === 1 ? chunks[0].toString('utf8') : Buffer.concat(chunks).toString('utf8')));
  });
}
