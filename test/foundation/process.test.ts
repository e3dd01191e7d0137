import { connect } from 'node:net';
import pg from 'pg';
import { PGlite } from '@electric-sql/pglite';
import { join } from 'node:path';
import { statSync } from 'node:fs';
import { mode } from '../support/env.js';
import { spawnMain, startServer } from '../support/server.js';

describe(`process lifecycle (${mode.database} + ${mode.queue})`, () => {
  describe('configuration errors', () => {
    it.each([
      [{ PORT: 'eighty' }, 'switchyard: Invalid configuration: PORT must be a whole number from 1 to 65535 (got "eighty")'],
      [{ SWITCHYARD_ROLE: 'gateway' }, 'switchyard: Invalid configuration: SWITCHYARD_ROLE'],
      [{ DATABASE_URL: 'postgres://127.0.0.1:5432/x' }, 'switchyard: Invalid configuration: SWITCHYARD_SECRET_KEY is required when DATABASE_URL is set'],
    ])('stops with exit 1 and one line naming the setting for %j', async (env, expected) => {
      const { output, exited } = spawnMain(env);
      expect(await exited).toBe(1);
      const lines = output().trim().split('\n');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toContain(expected);
    });
  });

  describe('admin token', () => {
    it('is generated on first start, printed once, stored hashed, and kept across restarts', async () => {
      const first = await startServer({ generateToken: true });
      const line = first.logs().find((l) => String(l.msg).startsWith('Generated the admin token'));
      const token = /(sy_admin_[\w-]{43})/.exec(String(line?.msg))?.[1];
      expect(token).toBeDefined();
      const authed = await first.request('/api/system', { auth: false, headers: { authorization: `Bearer ${token}` } });
      expect(authed.status).toBe(200);
      expect(await first.stop()).toBe(0);

      const stored = await readSetting(first.env, 'admin_token_sha256');
      expect(stored).toMatch(/^[0-9a-f]{64}$/);
      expect(stored).not.toContain(token!.slice(9));

      const second = await startServer({ reuse: first.env });
      try {
        expect(second.output()).not.toContain('Generated the admin token');
        expect(second.output()).not.toContain(token!);
        const again = await second.request('/api/system', { auth: false, headers: { authorization: `Bearer ${token}` } });
        expect(again.status).toBe(200);
      } finally {
        await second.close();
        await first.close();
      }
    });
  });

  if (mode.database === 'embedded') {
    it('generates the secret key file with mode 0600 in the data folder', async () => {
      const server = await startServer();
      try {
        const st = statSync(join(server.env.SWITCHYARD_DATA_DIR, 'secret.key'));
        expect(st.mode & 0o777).toBe(0o600);
      } finally {
        await server.close();
      }
    });
  }

  describe('graceful shutdown on SIGTERM', () => {
    it('stops accepting, finishes the in-flight request, then exits 0', async () => {
      const server = await startServer();
      // An in-flight request: headers sent, body still arriving when SIGTERM lands.
      const body = JSON.stringify({ token: server.adminToken });
      const sock = connect(server.port, '127.0.0.1');
      await new Promise((r) => sock.once('connect', r));
      let response = '';
      sock.on('data', (d) => (response += d.toString()));
      const closed = new Promise((r) => sock.once('close', r));
      sock.write(
        `POST /api/auth/session HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n` +
          body.slice(0, 5),
      );
      await new Promise((r) => setTimeout(r, 200));
      const exit = server.stop('SIGTERM');
      await new Promise((r) => setTimeout(r, 300));

      // The listener is closed: a new connection is refused while the old request is still open.
      await expect(fetch(server.url + '/healthz')).rejects.toThrow();

      sock.write(body.slice(5));
      await closed;
      expect(response).toMatch(/^HTTP\/1.1 200/);
      expect(response).toContain('{"ok":true}');
      expect(await exit).toBe(0);
      const msgs = server.logs().map((l) => l.msg);
      expect(msgs).toEqual(expect.arrayContaining(['SIGTERM received: draining requests and jobs', 'job queue closed', 'shutdown complete']));
      await server.close();
    });
  });

  it('writes JSON logs with the request id on request lines and never the credential', async () => {
    const server = await startServer();
    try {
      await server.request('/api/system', { headers: { 'x-request-id': 'trace-me-1' } });
      await new Promise((r) => setTimeout(r, 100));
      const line = server.logs().find((l) => l.reqId === 'trace-me-1');
      expect(line).toMatchObject({ reqId: 'trace-me-1', msg: 'request completed', res: { statusCode: 200 } });
      expect(server.output()).not.toContain(server.adminToken);
    } finally {
      await server.close();
    }
  });
});

async function readSetting(env: Record<string, string>, key: string): Promise<string> {
  if (env.DATABASE_URL) {
    const c = new pg.Client({ connectionString: env.DATABASE_URL });
    await c.connect();
    try {
      return (await c.query('SELECT value FROM settings WHERE key = $1', [key])).rows[0].value;
    } finally {
      await c.end();
    }
  }
  const db = await PGlite.create({ dataDir: join(env.SWITCHYARD_DATA_DIR, 'pgdata') });
  try {
    return (await db.query<{ value: string }>('SELECT value FROM settings WHERE key = $1', [key])).rows[0].value;
  } finally {
    await db.close();
  }
}
