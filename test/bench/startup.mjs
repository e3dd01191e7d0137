// Start-up time and idle memory of one Switchyard process, embedded and (when DATABASE_URL and REDIS_URL
// are set) on PostgreSQL + Redis. Method: spawn `node backend/dist/main.js` on a fresh data folder or
// database, poll /readyz every 20 ms, then read VmRSS from /proc after 5 s idle. Median of RUNS runs.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

const MAIN = fileURLToPath(new URL('../../backend/dist/main.js', import.meta.url));
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const PORT = 3900;

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const rssMb = (pid) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))[1]) / 1024;

async function once(env) {
  const t0 = performance.now();
  const proc = spawn(process.execPath, [MAIN], {
    env: { PATH: process.env.PATH, LOG_LEVEL: 'warn', PORT: String(PORT), HOST: '127.0.0.1', ...env },
    stdio: 'ignore',
  });
  let readyMs;
  while (readyMs === undefined) {
    if (performance.now() - t0 > 60_000) throw new Error('not ready in 60 s');
    try {
      const r = await fetch(`http://127.0.0.1:${PORT}/readyz`);
      if (r.ok) readyMs = performance.now() - t0;
    } catch {
      /* not listening yet */
    }
    await new Promise((r) => setTimeout(r, 20));
  }
  await new Promise((r) => setTimeout(r, 5000));
  const rss = rssMb(proc.pid);
  const exited = new Promise((r) => proc.once('exit', r));
  proc.kill('SIGTERM');
  await exited;
  return { readyMs, rss };
}

async function measure(label, makeEnv) {
  const results = [];
  for (let i = 0; i < RUNS; i++) {
    const { env, cleanup } = await makeEnv(i);
    results.push(await once(env));
    await cleanup();
  }
  const row = {
    mode: label,
    runs: RUNS,
    readyMsMedian: Math.round(median(results.map((r) => r.readyMs))),
    idleRssMbMedian: Math.round(median(results.map((r) => r.rss))),
  };
  console.log(JSON.stringify(row));
  return row;
}

export async function benchStartup() {
  const rows = [];
  rows.push(
    await measure('embedded (PGlite + in-process queue), first start', async () => ({
      env: { SWITCHYARD_DATA_DIR: mkdtempSync(join(tmpdir(), 'sy-bench-')) },
      cleanup: async () => undefined,
    })),
  );
  const warmDir = mkdtempSync(join(tmpdir(), 'sy-bench-warm-'));
  rows.push(await measure('embedded, restart on existing data', async () => ({ env: { SWITCHYARD_DATA_DIR: warmDir }, cleanup: async () => undefined })));
  if (process.env.DATABASE_URL && process.env.REDIS_URL) {
    rows.push(
      await measure('PostgreSQL + Bull on Redis', async () => {
        const db = `switchyard_bench_${randomBytes(4).toString('hex')}`;
        const admin = new pg.Client({ connectionString: process.env.DATABASE_URL });
        await admin.connect();
        await admin.query(`CREATE DATABASE ${db}`);
        await admin.end();
        const url = new URL(process.env.DATABASE_URL);
        url.pathname = `/${db}`;
        return {
          env: {
            DATABASE_URL: url.toString(),
            REDIS_URL: process.env.REDIS_URL,
            SWITCHYARD_SECRET_KEY: randomBytes(32).toString('base64'),
            SWITCHYARD_ADMIN_TOKEN: 'bench-admin-token-123456',
          },
          cleanup: async () => {
            const c = new pg.Client({ connectionString: process.env.DATABASE_URL });
            await c.connect();
            await c.query(`DROP DATABASE IF EXISTS ${db} WITH (FORCE)`);
            await c.end();
          },
        };
      }),
    );
  } else {
    console.log('(set DATABASE_URL and REDIS_URL to also measure the PostgreSQL + Redis mode)');
  }
  return rows;
}
