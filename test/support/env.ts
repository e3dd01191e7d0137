import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

/** Which storage this test run uses: the real services when DATABASE_URL / REDIS_URL are set, embedded otherwise. */
export const mode = {
  database: process.env.DATABASE_URL ? ('postgres' as const) : ('embedded' as const),
  queue: process.env.REDIS_URL ? ('bull' as const) : ('in-process' as const),
};

export const TEST_ADMIN_TOKEN = 'test-admin-token-0123456789';

/**
 * An isolated environment for one booted app: a fresh PostgreSQL database (or a fresh embedded data
 * folder), its own Redis key prefix, and a known admin token unless `generateToken` is asked for.
 */
export async function isolatedEnv(opts: { generateToken?: boolean } = {}): Promise<{ env: Record<string, string>; cleanup: () => Promise<void> }> {
  const tag = `${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
  const dataDir = mkdtempSync(join(tmpdir(), 'switchyard-test-'));
  const env: Record<string, string> = { SWITCHYARD_DATA_DIR: dataDir, LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent' };
  if (!opts.generateToken) env.SWITCHYARD_ADMIN_TOKEN = TEST_ADMIN_TOKEN;
  const cleanups: Array<() => Promise<void>> = [];
  if (process.env.DATABASE_URL) {
    const dbName = `switchyard_test_${tag}`;
    await withAdminClient((c) => c.query(`CREATE DATABASE ${dbName}`));
    const url = new URL(process.env.DATABASE_URL);
    url.pathname = `/${dbName}`;
    env.DATABASE_URL = url.toString();
    env.SWITCHYARD_SECRET_KEY = randomBytes(32).toString('base64');
    cleanups.push(() => withAdminClient((c) => c.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`)).then(() => undefined));
  }
  if (process.env.REDIS_URL) {
    env.REDIS_URL = process.env.REDIS_URL;
    env.SWITCHYARD_QUEUE_PREFIX = `sytest_${tag}`;
  }
  return { env, cleanup: async () => void (await Promise.all(cleanups.map((c) => c()))) };
}

async function withAdminClient<T>(fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}
