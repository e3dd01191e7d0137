// Child processes for benchmarks: started, awaited until ready, always killed.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, openSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

const here = (p) => fileURLToPath(new URL(p, import.meta.url));
const children = new Set();
process.on('exit', () => children.forEach((c) => c.kill('SIGKILL')));
/** Databases made for a run on DATABASE_URL, dropped by {@link cleanUp}. */
const databases = [];

/** Stops every child and drops the databases the benchmarks created (call before exiting). */
export async function cleanUp() {
  // SIGTERM first, so a process run with --cpu-prof writes its profile; SIGKILL after 5 s.
  const stop = (c) =>
    new Promise((r) => {
      const kill = setTimeout(() => c.kill('SIGKILL'), 5_000);
      c.once('exit', () => (clearTimeout(kill), r()));
      c.kill('SIGTERM');
    });
  await Promise.all([...children].map((c) => (c.exitCode !== null || c.signalCode !== null ? undefined : stop(c))));
  children.clear();
  if (!databases.length) return;
  const adminDb = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await adminDb.connect();
  for (const db of databases.splice(0)) await adminDb.query(`DROP DATABASE IF EXISTS ${db} WITH (FORCE)`);
  await adminDb.end();
}

/** A bench helper script as a child process, resolved when it prints "ready"; `flags` are node flags. */
export function startScript(script, args, flags = []) {
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, [...flags, here(script), ...args.map(String)], { stdio: ['ignore', 'pipe', 'inherit'] });
    children.add(proc);
    proc.stdout.on('data', (d) => d.toString().includes('ready') && resolve(proc));
    proc.once('exit', (c) => reject(new Error(`${script} exited with ${c}`)));
  });
}

export const ADMIN = 'bench-admin-token-0123456789';

/** User and system CPU seconds from a `stat` file of /proc (a process's, or one thread's under `task/`). */
const statTimes = (path) => {
  const f = readFileSync(path, 'utf8').split(') ')[1].split(' ');
  return [Number(f[11]) / 100, Number(f[12]) / 100];
};

/** User and system CPU seconds a process has used so far, from /proc/<pid>/stat: independent of what else runs. */
export const cpuTimes = (pid) => statTimes(`/proc/${pid}/stat`);

/** CPU seconds (user + system) of a process's main thread alone: the JavaScript thread, which bounds its throughput. */
export const mainThreadCpuSeconds = (pid) => statTimes(`/proc/${pid}/task/${pid}/stat`).reduce((a, b) => a + b);

/** {@link cpuTimes}, user + system. */
export const cpuSeconds = (pid) => cpuTimes(pid).reduce((a, b) => a + b);

/** A process's peak resident memory in bytes (`VmHWM`). */
export const peakRss = (pid) => Number(/VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))[1]) * 1024;

/**
 * Runs `measure` on every item `rounds` times, the order reversed every other round so that each item sees the
 * same drift of the host's speed; returns each item's results in round order, by item.
 */
export async function interleavedRounds(items, rounds, measure) {
  const out = new Map(items.map((it) => [it, []]));
  for (let r = 0; r < rounds; r++) {
    for (const it of r % 2 ? [...items].reverse() : items) out.get(it).push(await measure(it, r));
  }
  return out;
}

/**
 * A target's median round by `key` (requests/s unless said; interleaved rounds, see peers.mjs), with every round's
 * value beside it as `rounds<Key>` (`roundsRps`, `roundsP99ms`, …).
 */
export const medianRound = (rounds, key = 'rps') => ({
  ...[...rounds].sort((a, b) => a[key] - b[key])[Math.floor(rounds.length / 2)],
  [`rounds${key[0].toUpperCase()}${key.slice(1)}`]: rounds.map((m) => m[key]),
});

/** The node flags `npm start` runs the server with (from the root package.json), so the benches measure what users run. */
export const SERVER_NODE_FLAGS = (() => {
  const start = JSON.parse(readFileSync(here('../../package.json'), 'utf8')).scripts.start.split(/\s+/);
  return start.slice(start.lastIndexOf('node') + 1, start.indexOf('backend/dist/main.js'));
})();

/**
 * Starts Switchyard (embedded, or on DATABASE_URL/REDIS_URL when set) and waits for /readyz. `main` runs another
 * build (ab.mjs compares builds), `flags` are node flags: by default {@link SERVER_NODE_FLAGS} then BENCH_NODE_FLAGS (a
 * later flag wins, so `--max-semi-space-size=16` there runs the server on V8's default).
 */
export async function startSwitchyard(
  port,
  extraEnv = {},
  { main = here('../../backend/dist/main.js'), flags = [...SERVER_NODE_FLAGS, ...(process.env.BENCH_NODE_FLAGS ?? '').split(' ').filter(Boolean)] } = {},
) {
  const env = {
    PATH: process.env.PATH,
    PORT: String(port),
    HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
    SWITCHYARD_ADMIN_TOKEN: ADMIN,
    SWITCHYARD_DATA_DIR: mkdtempSync(join(tmpdir(), 'sy-bench-')),
    ...extraEnv,
  };
  // A second process of the same deployment passes the first one's DATABASE_URL (and key, queue prefix) in extraEnv.
  if (process.env.DATABASE_URL && process.env.REDIS_URL && !extraEnv.DATABASE_URL) {
    const db = `switchyard_bench_${randomBytes(4).toString('hex')}`;
    const adminDb = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await adminDb.connect();
    await adminDb.query(`CREATE DATABASE ${db}`);
    await adminDb.end();
    databases.push(db);
    const url = new URL(process.env.DATABASE_URL);
    url.pathname = `/${db}`;
    Object.assign(env, {
      DATABASE_URL: url.toString(),
      REDIS_URL: process.env.REDIS_URL,
      SWITCHYARD_SECRET_KEY: randomBytes(32).toString('base64'),
      SWITCHYARD_QUEUE_PREFIX: `sybench_${randomBytes(3).toString('hex')}`,
    });
  }
  // BENCH_STDOUT=<file>: the process's stdout (e.g. --trace-gc lines) appended there rather than dropped.
  const out = process.env.BENCH_STDOUT ? openSync(process.env.BENCH_STDOUT, 'a') : 'ignore';
  const proc = spawn(process.execPath, [...flags, main], { env, stdio: ['ignore', out, 'inherit'] });
  children.add(proc);
  proc.databaseUrl = env.DATABASE_URL;
  proc.env = env;
  for (let i = 0; i < 600; i++) {
    try {
      if ((await fetch(`http://127.0.0.1:${port}/readyz`)).ok) return proc;
    } catch {
      /* starting */
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('Switchyard did not become ready');
}

export async function admin(port, path, body) {
  const res = await fetch(`http://127.0.0.1:${port}${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
  return res.json();
}

/**
 * CPU seconds (user + system) used so far by every PostgreSQL server process on this machine (`comm` is
 * `postgres`), to show what the request log costs the database under load. 0 when none is visible.
 */
export function databaseCpuSeconds() {
  let total = 0;
  for (const pid of readdirSync('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      if (!stat.includes('(postgres)')) continue;
      const f = stat.split(') ')[1].split(' ');
      total += (Number(f[11]) + Number(f[12])) / 100;
    } catch {
      // The process ended meanwhile.
    }
  }
  return total;
}
