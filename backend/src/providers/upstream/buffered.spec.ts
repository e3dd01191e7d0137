import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ProviderAccount } from '../provider-adapter.js';
import { ProviderError } from '../provider-error.js';
import { bodyText, headersOf, postJsonBuffered } from './buffered.js';
import { createDispatcher, DeadlineSignal } from './http.js';

let server: Server;
let base: string;
let handle: (req: IncomingMessage, body: string, res: ServerResponse) => void;

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (d: Buffer) => (body += d.toString()));
    req.on('end', () => handle(req, body, res));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});

const timeouts = { connectMs: 1000, firstByteMs: 5000, totalMs: 5000 };
const account = (): ProviderAccount => ({
  id: 'a',
  name: 'acct',
  kind: 'openai',
  baseUrl: base,
  headers: { 'x-extra': 'yes' },
  options: {},
  timeouts,
  dispatcher: createDispatcher(timeouts),
});

describe('postJsonBuffered', () => {
  it('sends the payload with the merged headers and reads the whole body', async () => {
    const big = 'é'.repeat(200_000);
    handle = (req, body, res) => {
      res.writeHead(200, {
        'content-type': 'application/json',
        'x-got': `${req.headers['content-type']}|${req.headers['x-extra']}|${req.headers.authorization}`,
      });
      // Several writes: the body arrives in more than one chunk.
      res.write(`{"echo":${body},"big":"`);
      res.write(big);
      res.end('"}');
    };
    const d = new DeadlineSignal(5000);
    const res = await postJsonBuffered(account(), `${base}/v1/chat/completions`, '{"a":1}', { authorization: 'Bearer k' }, d.signal);
    d.dispose();
    expect(res.status).toBe(200);
    expect(headersOf(res.rawHeaders)['x-got']).toBe('application/json|yes|Bearer k');
    expect(JSON.parse(bodyText(res.body))).toEqual({ echo: { a: 1 }, big });
  });

  it('returns an error status with its headers and keeps at most 64 KiB of its body', async () => {
    handle = (_req, _body, res) => {
      res.writeHead(429, { 'retry-after': '3', 'set-cookie': ['a=1', 'b=2'] });
      res.end('x'.repeat(300_000));
    };
    const d = new DeadlineSignal(5000);
    const res = await postJsonBuffered(account(), `${base}/x`, '{}', {}, d.signal);
    d.dispose();
    expect(res.status).toBe(429);
    const h = headersOf(res.rawHeaders);
    expect(h['retry-after']).toBe('3');
    expect(h['set-cookie']).toEqual(['a=1', 'b=2']);
    expect(res.body.length).toBeGreaterThanOrEqual(64 * 1024);
    expect(res.body.length).toBeLessThan(300_000);
  });

  it('maps its deadline to a timeout and aborts the call', async () => {
    let closed!: Promise<void>;
    handle = (req) => (closed = new Promise((r) => req.socket.once('close', () => r())));
    const d = new DeadlineSignal(100);
    const err = await postJsonBuffered(account(), `${base}/slow`, '{}', {}, d.signal).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ProviderError);
    expect((err as ProviderError).kind).toBe('timeout');
    await closed; // the upstream connection was dropped, not left to answer
  });

  it('rethrows a caller abort (a client hanging up) unchanged', async () => {
    handle = () => undefined;
    const d = new DeadlineSignal(5000);
    const gone = new Error('client disconnected');
    setTimeout(() => d.abort(gone), 50);
    await expect(postJsonBuffered(account(), `${base}/slow`, '{}', {}, d.signal)).rejects.toBe(gone);
  });

  it('maps a refused connection to a network error', async () => {
    const d = new DeadlineSignal(5000);
    const err = await postJsonBuffered(account(), 'http://127.0.0.1:1/v1', '{}', {}, d.signal).catch((e: unknown) => e);
    d.dispose();
    expect((err as ProviderError).kind).toBe('network');
  });
});

describe('bodyText', () => {
  it('decodes UTF-8 and drops a byte-order mark', () => {
    expect(bodyText(Buffer.from('\ufeff{"a":"ü"}'))).toBe('{"a":"ü"}');
    expect(bodyText(Buffer.from('{"a":"ü"}'))).toBe('{"a":"ü"}');
    expect(bodyText(Buffer.alloc(0))).toBe('');
  });
});
