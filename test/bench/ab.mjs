// A/B of Switchyard builds side by side against one fake upstream, interleaved: CPU µs per request of each
// process (user + system from /proc), of the PostgreSQL server processes (the request log's cost) and requests/s, route of three targets with the request log on.
// `cp -r backend/dist backend/dist-base` before a change (backend/dist-* is ignored by git and the linters), rebuild,
// then `node test/bench/ab.mjs backend/dist-base backend/dist` (folders relative to the repo root or absolute); env
// AB_ROUNDS (4), AB_DURATION (6 s), AB_CONNECTIONS (100), AB_PROXY=1 adds the pass-through and transforming proxies (AB_PROXY_FLAGS: and the pass-through with these node flags), AB_PARALLEL=1
// loads all targets at once (connections shared out) rather than one after the other,
// AB_STREAM=1 streams (whole streams read), AB_NODE_FLAGS (e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof`). DATABASE_URL + REDIS_URL as for the bench.
import autocannon from 'autocannon';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  admin,
  cleanUp,
  cpuSeconds,
  cpuTimes,
  mainThreadCpuSeconds,
  databaseCpuSeconds,
  interleavedRounds,
  peakRss,
  SERVER_NODE_FLAGS,
  startScript,
  startSwitchyard,
} from './processes.mjs';

const root = fileURLToPath(new URL('../../', import.meta.url));
const dists = process.argv.slice(2);
const ROUNDS = Number(process.env.AB_ROUNDS ?? 4);
const DURATION = Number(process.env.AB_DURATION ?? 6);
const CONNECTIONS = Number(process.env.AB_CONNECTIONS ?? 100);
const UP = 3871;

const peakRssMB = (pid) => Math.round(peakRss(pid) / 2 ** 20);

async function start(target, port) {
  // `folder@--flag@--flag`: node flags for this build only.
  const [dist, ...own] = target.split('@');
  // Each build runs with the server's own node flags (those of `npm start`), then AB_NODE_FLAGS, then its own.
  const flags = [...SERVER_NODE_FLAGS, ...(process.env.AB_NODE_FLAGS ?? '').split(' ').filter(Boolean), ...own];
  const proc = await startSwitchyard(port, {}, { main: resolve(root, dist, 'main.js'), flags });
  await admin(port, '/api/providers', {
    name: 'bench',
    kind: 'openai',
    baseUrl: `http://127.0.0.1:${UP}/v1`,
    apiKey: 'bench',
    models: ['bench-a', 'bench-b', 'bench-c'].map((model) => ({ model, inputPricePerM: 1, outputPricePerM: 2 })),
  });
  await admin(port, '/api/routes', {
    alias: 'bench-route',
    targets: [
      { model: 'bench/bench-a', weight: 50 },
      { model: 'bench/bench-b', weight: 30 },
      { model: 'bench/bench-c', weight: 20 },
    ],
  });
  const key = (await admin(port, '/api/keys', { name: 'bench' })).secret;
  return { name: target, pid: proc.pid, proc, url: `http://127.0.0.1:${port}/v1/chat/completions`, headers: { authorization: `Bearer ${key}` } };
}

const body = (model) =>
  JSON.stringify({ model, messages: [{ role: 'user', content: 'Say hello' }], max_tokens: 16, ...(process.env.AB_STREAM ? { stream: true } : {}) });

/** The machine's CPU in seconds: [busy, idle] summed over its cores (/proc/stat; idle includes iowait). */
function machineCpu() {
  const f = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
  const idle = f[3] + f[4];
  return [(f.reduce((a, b) => a + b) - idle) / 100, idle / 100];
}

async function load(t, duration, connections = CONNECTIONS) {
  const [u0, s0] = cpuTimes(t.pid);
  const main0 = mainThreadCpuSeconds(t.pid);
  const db0 = databaseCpuSeconds();
  const up0 = cpuSeconds(upstream.pid);
  const me0 = process.cpuUsage();
  const [busy0, idle0] = machineCpu();
  const r = await autocannon({
    url: t.url,
    method: 'POST',
    headers: { 'content-type': 'application/json', ...t.headers },
    body: body(t.model ?? 'bench-route'),
    connections,
    duration,
  });
  // The writer flushes every 50 ms: wait for the last batch of this load to be written.
  await new Promise((res) => setTimeout(res, 400));
  const [u1, s1] = cpuTimes(t.pid);
  const db = databaseCpuSeconds() - db0;
  const [busy1, idle1] = machineCpu();
  const me = process.cpuUsage(me0);
  const per = (x) => (x / Math.max(1, r.requests.total)) * 1e6;
  return {
    rps: r.requests.average,
    us: per(u1 - u0 + s1 - s0),
    sys: per(s1 - s0),
    main: per(mainThreadCpuSeconds(t.pid) - main0),
    db: per(db),
    // Where the rest of the machine's time went, per request: the fake upstream, autocannon (this process), the whole machine busy and idle.
    upstream: per(cpuSeconds(upstream.pid) - up0),
    loader: per((me.user + me.system) / 1e6),
    busy: per(busy1 - busy0),
    idle: per(idle1 - idle0),
    errors: r.errors + r.non2xx,
  };
}

const upstream = await startScript('fake-upstream.mjs', [UP]);
const targets = [];
if (process.env.AB_PROXY) {
  const p = await startScript('passthrough-proxy.mjs', [3872, `http://127.0.0.1:${UP}`]);
  targets.push({ name: 'proxy', pid: p.pid, url: 'http://127.0.0.1:3872/v1/chat/completions', headers: {}, model: 'bench' });
  if (process.env.AB_PROXY_FLAGS) {
    // The floor with node flags of its own (e.g. the ones Switchyard is started with), as a second target.
    const pf = await startScript('passthrough-proxy.mjs', [3869, `http://127.0.0.1:${UP}`], process.env.AB_PROXY_FLAGS.split(' '));
    targets.push({ name: `proxy ${process.env.AB_PROXY_FLAGS}`, pid: pf.pid, url: 'http://127.0.0.1:3869/v1/chat/completions', headers: {}, model: 'bench' });
  }
  const tp = await startScript('transforming-proxy.mjs', [3870, `http://127.0.0.1:${UP}`]);
  targets.push({ name: 'transforming proxy', pid: tp.pid, url: 'http://127.0.0.1:3870/v1/chat/completions', headers: {}, model: 'bench' });
}
for (const [i, d] of dists.entries()) targets.push(await start(d, 3873 + i));
for (const t of targets) await load(t, 2, 20);
const results = new Map(targets.map((t) => [t.name, []]));
const print = (r, t, m) =>
  console.log(
    `round ${r + 1} ${t.name.padEnd(22)} ${Math.round(m.rps).toString().padStart(6)} req/s ${m.us.toFixed(1).padStart(6)} µs/req (sys ${m.sys.toFixed(1)}, main thread ${m.main.toFixed(1)}) database ${m.db.toFixed(1)} upstream ${m.upstream.toFixed(1)} autocannon ${m.loader.toFixed(1)} machine busy ${m.busy.toFixed(1)} idle ${m.idle.toFixed(1)} µs/req errors ${m.errors}`,
  );
if (process.env.AB_PARALLEL) {
  for (let r = 0; r < ROUNDS; r++) {
    // All targets loaded at once: a busy neighbour on a shared machine slows each of them alike.
    const ms = await Promise.all(targets.map((t) => load(t, DURATION, Math.ceil(CONNECTIONS / targets.length))));
    ms.forEach((m, i) => (results.get(targets[i].name).push(m), print(r, targets[i], m)));
  }
} else {
  const rounds = await interleavedRounds(targets, ROUNDS, async (t, r) => {
    const m = await load(t, DURATION);
    print(r, t, m);
    return m;
  });
  for (const [t, ms] of rounds) results.set(t.name, ms);
}
const med = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
console.log('\nmedian over rounds:');
for (const [name, ms] of results)
  console.log(
    `${name.padEnd(22)} ${Math.round(med(ms.map((m) => m.rps)))
      .toString()
      .padStart(6)} req/s ${med(ms.map((m) => m.us))
      .toFixed(1)
      .padStart(
        6,
      )} µs/req (sys ${med(ms.map((m) => m.sys)).toFixed(1)}) database ${med(ms.map((m) => m.db)).toFixed(1)} µs/req peak RSS ${peakRssMB(targets.find((t) => t.name === name).pid)} MB`,
  );
await cleanUp();
process.exit(0);
