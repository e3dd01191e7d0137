import { connect } from 'node:net';
import { request } from 'undici';
import { mode } from '../support/env.js';
import { type RunningServer, startServer } from '../support/server.js';

/** A small seeded generator (mulberry32), so a failure replays exactly. */
function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Schema = { properties?: Record<string, unknown>; $ref?: string };
type Doc = {
  paths: Record<string, Record<string, { requestBody?: { content?: Record<string, { schema?: Schema }> } }>>;
  components: { schemas: Record<string, Schema> };
};

const WEIRD_VALUES: unknown[] = [
  null,
  true,
  -1,
  1e308,
  -0,
  '',
  ' ',
  'x'.repeat(100_000),
  '\u0000\uFFFF\uD800',
  '{{#each this}}{{/each}}',
  '<script>alert(1)</script>',
  "'; DROP TABLE routes; --",
  [],
  [null],
  {},
  { __proto__: { polluted: true } },
  { constructor: { prototype: { polluted: true } } },
];

/** Sends only the head of a 60 MB request (and a few bytes) on a raw socket and reads the status line of the answer. */
function statusOfOversized(port: number, path: string, auth: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => {
      socket.write(
        `POST ${path} HTTP/1.1\r\nhost: 127.0.0.1\r\nauthorization: Bearer ${auth}\r\ncontent-type: application/json\r\ncontent-length: ${60 * 1024 * 1024}\r\n\r\n{"a":`,
      );
    });
    let head = '';
    socket.on('data', (d) => {
      head += d.toString();
      const m = /^HTTP\/1\.1 (\d{3})/.exec(head);
      if (m) {
        socket.destroy();
        resolve(Number(m[1]));
      }
    });
    socket.on('error', reject);
    socket.setTimeout(10_000, () => reject(new Error(`no answer to an oversized body on ${path}`)));
  });
}

const deep = (n: number) => '['.repeat(n) + ']'.repeat(n);

describe(`fuzzed bodies never get a 5xx (${mode.database})`, () => {
  let server: RunningServer;
  let doc: Doc;
  let gatewayKey: string;
  const statuses = new Map<number, number>();

  const send = async (method: string, path: string, body: string | Buffer, headers: Record<string, string> = {}, auth = server.adminToken) => {
    const res = await request(server.url + path, {
      method: method as 'POST',
      headers: { authorization: `Bearer ${auth}`, 'content-type': 'application/json', ...headers },
      body,
      headersTimeout: 30_000,
      bodyTimeout: 30_000,
    });
    const text = await res.body.text();
    statuses.set(res.statusCode, (statuses.get(res.statusCode) ?? 0) + 1);
    return { status: res.statusCode, text };
  };
  const expectClientError = (where: string, r: { status: number; text: string }) => {
    expect({ where, status: r.status < 500 ? 'not 5xx' : r.status, body: r.status < 500 ? '' : r.text.slice(0, 300) }).toEqual({
      where,
      status: 'not 5xx',
      body: '',
    });
  };

  beforeAll(async () => {
    server = await startServer();
    doc = (await (await server.request('/api/docs-json')).json()) as Doc;
    gatewayKey = (await (await server.request('/api/keys', { method: 'POST', json: { name: 'fuzz' } })).json()).secret;
  });
  afterAll(() => server?.close());

  it('answers every admin write with wrong types, odd values and unknown fields with a 4xx naming a field', async () => {
    const random = rng(20261125);
    const writes = Object.entries(doc.paths)
      .filter(([p]) => p.startsWith('/api/') && !p.includes('{') && !p.includes('/auth/'))
      .flatMap(([p, ops]) =>
        Object.entries(ops)
          .filter(([m]) => ['post', 'put', 'patch'].includes(m))
          .map(([m, op]) => ({ method: m.toUpperCase(), path: p, schema: op.requestBody?.content?.['application/json']?.schema })),
      );
    expect(writes.length).toBeGreaterThanOrEqual(8);
    let badRequests = 0;
    for (const w of writes) {
      const ref = w.schema?.$ref?.split('/').pop();
      const fields = Object.keys((ref ? doc.components.schemas[ref] : w.schema)?.properties ?? {});
      for (let i = 0; i < 25; i++) {
        const body: Record<string, unknown> = {};
        for (const f of fields) if (random() < 0.7) body[f] = WEIRD_VALUES[Math.floor(random() * WEIRD_VALUES.length)];
        if (random() < 0.3) body[`unknown_${i}`] = 'x';
        const r = await send(w.method, w.path, JSON.stringify(body));
        expectClientError(`${w.method} ${w.path} #${i}`, r);
        if (r.status === 400) {
          badRequests++;
          const err = JSON.parse(r.text) as { error: { code: string; message: string } };
          expect(err.error.code).toEqual(expect.any(String));
          expect(err.error.message.length).toBeGreaterThan(0);
        }
      }
    }
    expect(badRequests).toBeGreaterThan(writes.length * 10);
    expect(((await (await server.request('/api/system')).json()) as { version: string }).version).toEqual(expect.any(String));
  }, 240_000);

  it('refuses broken JSON, invalid UTF-8, deep nesting, random bytes and oversized bodies on the admin API and the gateway', async () => {
    const random = rng(7);
    const bytes = (n: number) => Buffer.from(Array.from({ length: n }, () => Math.floor(random() * 256)));
    const bodies: Array<[string, string | Buffer]> = [
      ['empty', ''],
      ['truncated', '{"name": "abc'],
      ['trailing garbage', '{"name":"a"} x'],
      ['invalid utf-8', Buffer.concat([Buffer.from('{"name":"'), Buffer.from([0xff, 0xfe, 0xc3]), Buffer.from('"}')])],
      ['deep arrays', deep(100_000)],
      ['deep objects', '{"a":'.repeat(50_000) + '1' + '}'.repeat(50_000)],
      ['random bytes', bytes(4096)],
      ['a JSON string', '"hello"'],
      ['a JSON number', '42'],
      ['NaN', 'NaN'],
    ];
    const targets: Array<[string, string, string]> = [
      ['POST', '/api/routes', server.adminToken],
      ['POST', '/api/providers', server.adminToken],
      ['POST', '/api/experiments', server.adminToken],
      ['POST', '/api/graders/try', server.adminToken],
      ['POST', '/v1/chat/completions', gatewayKey],
      ['POST', '/v1/embeddings', gatewayKey],
      ['POST', '/v1/feedback', gatewayKey],
    ];
    for (const [method, path, auth] of targets) {
      for (const [what, body] of bodies) {
        const r = await send(method, path, body, {}, auth);
        expectClientError(`${path} ${what}`, r);
        expect({ path, what, status: r.status }).toEqual({ path, what, status: 400 });
      }
      // Far beyond the body limit: refused with 413 from the declared length, before the body is read.
      expect({ path, status: await statusOfOversized(server.port, path, auth) }).toEqual({ path, status: 413 });
    }
    const chat = await send('POST', '/v1/chat/completions', JSON.stringify({ model: 5, messages: 'hi', temperature: 'hot', n: 3 }), {}, gatewayKey);
    expect(chat.status).toBe(400);
    expect(JSON.parse(chat.text).error).toMatchObject({ type: 'invalid_request_error', param: expect.any(String) });
  }, 240_000);

  it('refuses random and truncated dataset uploads with the line at fault, and imports nothing', async () => {
    expect((await server.request('/api/datasets', { method: 'POST', json: { name: 'fuzzed' } })).status).toBe(201);
    const random = rng(99);
    const good = Array.from({ length: 50 }, (_, i) => JSON.stringify({ input: { q: `question ${i}` }, expected: String(i) })).join('\n');
    const cases: Array<[string, string | Buffer, string]> = [
      ['truncated', good.slice(0, good.length - 17), 'application/x-ndjson'],
      ['random bytes', Buffer.from(Array.from({ length: 20_000 }, () => Math.floor(random() * 256))), 'application/x-ndjson'],
      ['an enormous line', `${JSON.stringify({ input: { q: 'x'.repeat(30 * 1024 * 1024) } })}\n`, 'application/x-ndjson'],
      ['csv with a broken quote', 'input,expected\n"a,b\n', 'text/csv'],
      ['a JSON array cut short', `[${good.split('\n').slice(0, 3).join(',')}`, 'application/json'],
    ];
    for (const [what, body, type] of cases) {
      const r = await send('POST', `/api/datasets/fuzzed/versions${type === 'text/csv' ? '?input=input&expected=expected' : ''}`, body, {
        'content-type': type,
      });
      expectClientError(what, r);
      expect({ what, status: r.status >= 400 && r.status < 500 }).toEqual({ what, status: true });
      expect(r.text).toMatch(/line|record|row|too large|limit|size/i);
    }
    const versions = (await (await server.request('/api/datasets/fuzzed')).json()) as { versions: unknown[] };
    expect(versions.versions).toEqual([]);
    expect([...statuses.keys()].every((s) => s < 500)).toBe(true);
  }, 240_000);
});
