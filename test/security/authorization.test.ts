import { randomUUID } from 'node:crypto';
import { startFakeOpenAI } from '../fakes/openai-upstream.js';
import { mode } from '../support/env.js';
import { type RunningServer, startServer } from '../support/server.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const PROVIDER_KEY = `sk-live-SECRET-${randomUUID()}`;
const HEADER_SECRET = `hdr-SECRET-${randomUUID()}`;

type Doc = { paths: Record<string, Record<string, { parameters?: Array<{ name: string; in: string }> }>> };

/** A concrete URL for an OpenAPI path: ids become a random UUID, versions 1, names a placeholder. */
const concrete = (path: string) => path.replace(/\{(\w+)\}/g, (_, p: string) => (p === 'version' ? '1' : p === 'id' ? randomUUID() : 'placeholder-name'));

describe(`authorization matrix and secrets (${mode.database})`, () => {
  let server: RunningServer;
  let fake: Awaited<ReturnType<typeof startFakeOpenAI>>;
  let doc: Doc;
  const keys: Record<'gateway' | 'revokedGateway' | 'admin' | 'revokedAdmin' | 'restricted', string> = {} as never;

  const api = async (method: string, path: string, json?: unknown) => {
    const res = await server.request(path, { method, json, signal: AbortSignal.timeout(30_000) });
    return { status: res.status, text: await res.text() };
  };
  const as = (token: string | undefined, method: string, path: string, body?: unknown) =>
    fetch(server.url + path, {
      method,
      headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(30_000),
    });
  const key = async (name: string, extra: Record<string, unknown> = {}) => {
    const res = await api('POST', '/api/keys', { name, ...extra });
    expect(res.status).toBe(201);
    return JSON.parse(res.text) as { id: string; secret: string };
  };

  beforeAll(async () => {
    fake = await startFakeOpenAI({ apiKey: PROVIDER_KEY });
    server = await startServer({ env: { LOG_LEVEL: 'debug' } });
    doc = JSON.parse((await api('GET', '/api/docs-json')).text);
    const provider = await api('POST', '/api/providers', {
      name: 'oai',
      kind: 'openai',
      baseUrl: fake.url,
      apiKey: PROVIDER_KEY,
      headers: { 'x-upstream-secret': HEADER_SECRET },
      models: [{ model: 'gpt-a', inputPricePerM: 1, outputPricePerM: 2 }, { model: 'gpt-b' }],
    });
    expect(provider.status).toBe(201);
    expect((await api('POST', '/api/routes', { alias: 'captured', targets: [{ model: 'oai/gpt-a', weight: 100 }], capture: { bodies: true } })).status).toBe(
      201,
    );
    keys.gateway = (await key('gw')).secret;
    keys.admin = (await key('ops', { scopes: ['admin'] })).secret;
    keys.restricted = (await key('narrow', { allowedModels: ['captured'] })).secret;
    const revokedGw = await key('old-gw');
    const revokedAdmin = await key('old-ops', { scopes: ['admin'] });
    for (const k of [revokedGw, revokedAdmin]) expect((await api('POST', `/api/keys/${k.id}/revoke`)).status).toBe(200);
    keys.revokedGateway = revokedGw.secret;
    keys.revokedAdmin = revokedAdmin.secret;
  });
  afterAll(async () => {
    await server?.close();
    await fake?.close();
  });

  it('refuses every admin route without a token, with a gateway key, with a revoked key and with a wrong token', async () => {
    const ops = Object.entries(doc.paths)
      .filter(([p]) => p.startsWith('/api/') && p !== '/api/auth/session')
      .flatMap(([p, methods]) => Object.keys(methods).map((m) => ({ method: m.toUpperCase(), path: concrete(p) })));
    expect(ops.length).toBeGreaterThan(60);
    const seen: string[] = [];
    for (const { method, path } of ops) {
      const body = ['POST', 'PUT', 'PATCH'].includes(method) ? {} : undefined;
      for (const [who, token] of [
        ['no token', undefined],
        ['gateway key', keys.gateway],
        ['revoked gateway key', keys.revokedGateway],
        ['revoked admin key', keys.revokedAdmin],
        ['wrong token', 'not-the-admin-token-0123456789'],
      ] as const) {
        const res = await as(token, method, path, body);
        const err = (await res.json().catch(() => ({}))) as { error?: { code?: string } };
        seen.push(`${method} ${path} ${who}: ${res.status} ${err.error?.code}`);
        expect({ method, path, who, status: res.status, code: err.error?.code }).toEqual({
          method,
          path,
          who,
          status: 401,
          code: token ? 'auth/invalid-admin-token' : 'auth/missing-admin-token',
        });
      }
    }
    // The admin-scoped key is an admin credential.
    expect((await as(keys.admin, 'GET', '/api/system')).status).toBe(200);
    // Prometheus metrics too.
    expect((await as(undefined, 'GET', '/metrics')).status).toBe(401);
    expect((await as(keys.gateway, 'GET', '/metrics')).status).toBe(401);
    expect(seen.length).toBe(ops.length * 5);
  });

  it('refuses the gateway to the admin token, to revoked keys and to admin-only keys, OpenAI-shaped', async () => {
    const chat = { model: 'oai/gpt-a', messages: [{ role: 'user', content: 'hi' }] };
    for (const [token, status, code] of [
      [undefined, 401, 'missing_api_key'],
      [server.adminToken, 401, 'invalid_api_key'],
      [keys.revokedGateway, 401, 'invalid_api_key'],
      [keys.admin, 403, undefined],
    ] as const) {
      const res = await as(token, 'POST', '/v1/chat/completions', chat);
      expect(res.status).toBe(status);
      const body = (await res.json()) as { error: { message: string; type: string; code: string } };
      expect(body.error).toMatchObject({ message: expect.any(String), type: expect.any(String) });
      if (code) expect(body.error.code).toBe(code);
    }
    expect((await as(keys.gateway, 'POST', '/v1/chat/completions', chat)).status).toBe(200);
  });

  it('shows a restricted key only its allowed models and refuses the others', async () => {
    const models = (await (await as(keys.restricted, 'GET', '/v1/models')).json()) as { data: Array<{ id: string }> };
    expect(models.data.map((m) => m.id)).toEqual(['captured']);
    expect((await as(keys.restricted, 'POST', '/v1/chat/completions', { model: 'captured', messages: [{ role: 'user', content: 'hi' }] })).status).toBe(200);
    const refused = await as(keys.restricted, 'POST', '/v1/chat/completions', { model: 'oai/gpt-b', messages: [{ role: 'user', content: 'hi' }] });
    expect(refused.status).toBe(403);
    expect(((await refused.json()) as { error: { param: string } }).error.param).toBe('model');
  });

  it('never returns, logs or exports a provider secret', async () => {
    // Traffic through a capturing route, then every way data leaves: API reads, exports, the request log, the logs.
    for (let i = 0; i < 3; i++) {
      const res = await as(keys.gateway, 'POST', '/v1/chat/completions', { model: 'captured', messages: [{ role: 'user', content: `hello ${i}` }] });
      expect(res.status).toBe(200);
    }
    const failing = await as(keys.gateway, 'POST', '/v1/chat/completions', { model: 'oai/gpt-b', messages: [{ role: 'user', content: 'x' }] });
    expect(failing.status).toBe(200);
    expect(fake.requests.every((r) => r.headers.authorization === `Bearer ${PROVIDER_KEY}` && r.headers['x-upstream-secret'] === HEADER_SECRET)).toBe(true);
    await sleep(1500); // the request log is written in batches
    expect((await api('POST', '/api/datasets', { name: 'from-traffic' })).status).toBe(201);
    expect((await api('POST', '/api/datasets/from-traffic/versions/from-traffic', { route: 'captured' })).status).toBe(201);
    const provider = (JSON.parse((await api('GET', '/api/providers')).text) as Array<{ id: string; name: string }>).find((p) => p.name === 'oai')!;
    const reads = [
      '/api/providers',
      `/api/providers/${provider.id}`,
      '/api/models',
      '/api/routes',
      '/api/routes/captured',
      '/api/routes/captured/versions',
      '/api/keys',
      '/api/requests?limit=100',
      '/api/usage/summary?groupBy=route',
      '/api/config/export',
      '/api/datasets/from-traffic/versions/1/items',
      '/api/datasets/from-traffic/versions/1/export',
      '/api/datasets/from-traffic/versions/1/export?format=csv',
      '/api/system',
      '/api/docs-json',
    ];
    const requests = JSON.parse((await api('GET', '/api/requests?limit=100')).text) as { items?: Array<{ requestId: string }> } | Array<{ requestId: string }>;
    const list = Array.isArray(requests) ? requests : (requests.items ?? []);
    expect(list.length).toBeGreaterThan(0);
    for (const r of list.slice(0, 5)) reads.push(`/api/requests/${r.requestId}`);
    const metrics = await (await as(server.adminToken, 'GET', '/metrics')).text();
    const bodies = [metrics];
    for (const path of reads) {
      const res = await api('GET', path);
      expect({ path, status: res.status }).toEqual({ path, status: 200 });
      bodies.push(res.text);
    }
    for (const [i, text] of bodies.entries()) {
      expect({ where: reads[i - 1] ?? '/metrics', leaks: text.includes(PROVIDER_KEY) || text.includes(HEADER_SECRET) }).toEqual({
        where: reads[i - 1] ?? '/metrics',
        leaks: false,
      });
    }
    // The process's own log lines (debug level) carry neither secret, nor the gateway keys' or admin token.
    const out = server.output();
    expect(out.length).toBeGreaterThan(1000);
    for (const secret of [PROVIDER_KEY, HEADER_SECRET, keys.gateway, keys.admin, server.adminToken]) expect(out.includes(secret)).toBe(false);
    expect(provider).toMatchObject({ hasApiKey: true, headerNames: ['x-upstream-secret'] });
  });
});
