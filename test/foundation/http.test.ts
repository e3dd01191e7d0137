import { mkdtempSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { mode } from '../support/env.js';
import { type RunningServer, startServer } from '../support/server.js';

describe(`HTTP surface (${mode.database} + ${mode.queue})`, () => {
  let sut: RunningServer;
  const consoleDir = mkdtempSync(join(tmpdir(), 'switchyard-console-'));

  beforeAll(async () => {
    mkdirSync(join(consoleDir, 'assets'));
    writeFileSync(join(consoleDir, 'index.html'), '<!doctype html><title>Switchyard</title><div id="app"></div>');
    writeFileSync(join(consoleDir, 'assets', 'app-abc123.js'), 'console.log(1)');
    sut = await startServer({ env: { SWITCHYARD_CONSOLE_DIR: consoleDir } });
  });
  afterAll(() => sut?.close());

  it('answers liveness and readiness without credentials', async () => {
    const live = await sut.request('/healthz', { auth: false });
    expect(live.status).toBe(200);
    expect(await live.json()).toEqual({ status: 'ok' });
    const ready = await sut.request('/readyz', { auth: false });
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ok', checks: { database: 'ok', queue: 'ok' } });
  });

  it('puts a request id on every response and honours a safe incoming one', async () => {
    const res = await sut.request('/healthz', { headers: { 'x-request-id': 'abc-123' } });
    expect(res.headers.get('x-switchyard-request-id')).toBe('abc-123');
    const other = await sut.request('/healthz', { headers: { 'x-request-id': 'bad id with spaces <script>' } });
    expect(other.headers.get('x-switchyard-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  describe('admin credential', () => {
    it('rejects /api without a token with 401 and a clear message', async () => {
      const res = await sut.request('/api/system', { auth: false });
      expect(res.status).toBe(401);
      const body = await res.json();
      expect(body).toEqual({
        error: { code: 'auth/missing-admin-token', message: 'This endpoint requires the admin token: send `Authorization: Bearer <token>`' },
        requestId: res.headers.get('x-switchyard-request-id'),
      });
    });

    it('rejects a wrong token', async () => {
      const res = await sut.request('/api/system', { auth: false, headers: { authorization: 'Bearer nope-nope-nope' } });
      expect(res.status).toBe(401);
      expect((await res.json()).error.code).toBe('auth/invalid-admin-token');
    });

    it('accepts the right token', async () => {
      const res = await sut.request('/api/system');
      expect(res.status).toBe(200);
      expect(await res.json()).toMatchObject({ name: 'switchyard', role: 'all', database: mode.database, queue: mode.queue });
    });

    it('checks a token for the console sign-in', async () => {
      const ok = await sut.request('/api/auth/session', { auth: false, method: 'POST', json: { token: sut.adminToken } });
      expect(ok.status).toBe(200);
      expect(await ok.json()).toEqual({ ok: true });
      const bad = await sut.request('/api/auth/session', { auth: false, method: 'POST', json: { token: 'wrong-token' } });
      expect(bad.status).toBe(401);
    });
  });

  describe('bad input', () => {
    it('answers malformed JSON with 400 and where it broke', async () => {
      const res = await sut.request('/api/auth/session', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{\n  "token": "x",\n  oops\n}',
      });
      expect(res.status).toBe(400);
      const body = await res.json();
      expect(body.error.code).toBe('request/malformed-json');
      expect(body.error.message).toMatch(/^The request body is not valid JSON: .+ at line 3, column 3$/);
    });

    it('answers an empty JSON body with 400', async () => {
      const res = await sut.request('/api/auth/session', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '' });
      expect(res.status).toBe(400);
      expect((await res.json()).error.code).toBe('request/empty-body');
    });

    it('answers a wrong type with 400 naming the field', async () => {
      const res = await sut.request('/api/auth/session', { auth: false, method: 'POST', json: { token: 42 } });
      expect(res.status).toBe(400);
      const body = await res.json();
      expect(body.error.code).toBe('request/invalid-body');
      expect(body.error.message).toContain('token must be a string');
      expect(body.error.details).toContainEqual({ path: 'token', message: 'must be a string' });
    });

    it('rejects unknown fields by name', async () => {
      const res = await sut.request('/api/auth/session', { auth: false, method: 'POST', json: { token: 'x', admin: true } });
      expect(res.status).toBe(400);
      expect((await res.json()).error.details).toContainEqual({ path: 'admin', message: 'property admin should not exist' });
    });

    it('rejects prototype-poisoning keys', async () => {
      const res = await sut.request('/api/auth/session', {
        auth: false,
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{"token":"x","__proto__":{"isAdmin":true}}',
      });
      expect(res.status).toBe(400);
      expect((await res.json()).error.code).toBe('request/malformed-json');
    });

    it('answers unknown /api routes with 404 in the admin shape', async () => {
      const res = await sut.request('/api/does-not-exist');
      expect(res.status).toBe(404);
      const body = await res.json();
      expect(body.error.code).toBe('request/not-found');
      expect(JSON.stringify(body)).not.toMatch(/at .*\.js:\d+/);
    });

    it('answers unknown /v1 routes with 404 in OpenAI error shape', async () => {
      const res = await sut.request('/v1/does-not-exist', { method: 'POST', json: {} });
      expect(res.status).toBe(404);
      expect(await res.json()).toEqual({
        error: { message: expect.stringContaining('/v1/does-not-exist'), type: 'invalid_request_error', param: null, code: 'not_found' },
      });
    });
  });

  describe('console', () => {
    it('serves index.html at / and for deep links', async () => {
      for (const path of ['/', '/experiments/42', '/routes']) {
        const res = await sut.request(path, { auth: false });
        expect(res.status).toBe(200);
        expect(res.headers.get('content-type')).toContain('text/html');
        expect(await res.text()).toContain('<div id="app">');
      }
    });

    it('serves built assets with long caching', async () => {
      const res = await sut.request('/assets/app-abc123.js', { auth: false });
      expect(res.status).toBe(200);
      expect(res.headers.get('cache-control')).toContain('immutable');
    });
  });

  describe('OpenAPI document', () => {
    it('is served at /api/docs-json and describes every admin route with schemas and the bearer credential', async () => {
      const res = await sut.request('/api/docs-json', { auth: false });
      expect(res.status).toBe(200);
      const doc = await res.json();
      expect(doc.components.securitySchemes.bearer).toMatchObject({ type: 'http', scheme: 'bearer' });
      const apiPaths = Object.keys(doc.paths).filter((p) => p.startsWith('/api/'));
      expect(apiPaths).toEqual(expect.arrayContaining(['/api/system', '/api/auth/session']));
      for (const path of apiPaths) {
        for (const [method, op] of Object.entries<{ responses: Record<string, { content?: unknown }>; security?: unknown[] }>(doc.paths[path])) {
          const ok = Object.entries(op.responses).find(([code]) => code.startsWith('2'));
          // A 2xx with a body schema, or a documented 204 No Content.
          const documented = ok?.[0] === '204' || !!ok?.[1].content;
          expect({ path, method, documented }).toEqual({ path, method, documented: true });
          expect({ path, method, security: op.security }).toEqual({ path, method, security: path === '/api/auth/session' ? undefined : [{ bearer: [] }] });
        }
      }
      expect(doc.paths['/api/system'].get.security).toEqual([{ bearer: [] }]);
    });

    it('serves the interactive docs at /api/docs', async () => {
      const res = await sut.request('/api/docs', { auth: false });
      expect(res.status).toBe(200);
      expect(await res.text()).toContain('swagger');
    });
  });
});
