import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AdminClient } from './admin-client.js';

export interface InProcessServer {
  client: AdminClient;
  close(): Promise<void>;
}

/**
 * Switchyard on embedded defaults inside this process (PGlite, in-process queue, the simulator and the bundled
 * datasets and graders), listening on a free port of 127.0.0.1 for this run only. Its data folder is a
 * temporary one removed at close, unless `dataDir` is given. DATABASE_URL and REDIS_URL are ignored here: an
 * eval in process needs no server. `setup` is a switchyard.yaml applied at start.
 */
export async function startInProcess(opts: { dataDir?: string; setup?: string } = {}): Promise<InProcessServer> {
  const dataDir = opts.dataDir ? resolve(opts.dataDir) : await mkdtemp(join(tmpdir(), 'switchyard-eval-'));
  const token = randomBytes(24).toString('base64url');
  const { DATABASE_URL: _db, REDIS_URL: _redis, ...env } = process.env;
  const { loadConfig } = await import('../config/load-config.js');
  const config = loadConfig(
    {
      ...Object.fromEntries(Object.entries(env).filter(([k]) => !k.startsWith('SWITCHYARD_'))),
      SWITCHYARD_DATA_DIR: dataDir,
      SWITCHYARD_ADMIN_TOKEN: token,
      LOG_LEVEL: process.env.LOG_LEVEL ?? 'silent',
      ...(opts.setup ? { SWITCHYARD_CONFIG: resolve(opts.setup) } : {}),
    },
    { consoleDir: fileURLToPath(new URL('../../../frontend/dist', import.meta.url)) },
  );
  const { createApp } = await import('../app.factory.js');
  const app = await createApp(config);
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.getHttpServer().address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    client: new AdminClient(`http://127.0.0.1:${port}`, token),
    async close() {
      await app.close();
      if (!opts.dataDir) await rm(dataDir, { recursive: true, force: true });
    },
  };
}
