// Shadow experiments: what mirroring every request of a route to a candidate costs the client. An open-loop
// load at a fixed rate (requests sent on a timer, not after the previous answer) against a route whose target
// is the fake upstream, in alternating phases with the shadow experiment paused (off) and running (on,
// sample rate 1: every request replayed to the candidate after its response). Reports p50/p99/p99.9 per
// phase and the shadow calls the workers made. Switchyard embedded, or on DATABASE_URL/REDIS_URL when set
// (then the api and worker roles run as two processes, as in production).
import { execFileSync } from 'node:child_process';
import { setPriority } from 'node:os';
import { request } from 'undici';
import { ADMIN, admin, startScript, startSwitchyard } from './processes.mjs';

const RATE = Number(process.env.BENCH_SHADOW_RATE ?? 200);
const SECONDS = Number(process.env.BENCH_SHADOW_SECONDS ?? 15);
const P = { upstream: 3831, api: 3832, worker: 3833 };

const quantile = (sorted, q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];

/** Sends RATE requests per second for SECONDS on a timer and returns every latency in ms. */
async function openLoop(url, headers, body) {
  const latencies = [];
  let errors = 0;
  const inflight = [];
  const total = RATE * SECONDS;
  const start = performance.now();
  for (let i = 0; i < total; i++) {
    const due = start + (i * 1000) / RATE;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((r) => setTimeout(r, wait));
    const t0 = performance.now();
    inflight.push(
      request(url, { method: 'POST', headers, body })
        .then(async (res) => {
          await res.body.text();
          if (res.statusCode !== 200) errors++;
          latencies.push(performance.now() - t0);
        })
        .catch(() => errors++),
    );
  }
  await Promise.all(inflight);
  latencies.sort((a, b) => a - b);
  return { n: latencies.length, errors, p50: quantile(latencies, 0.5), p99: quantile(latencies, 0.99), p999: quantile(latencies, 0.999) };
}

const phase = async (name, port, key) => {
  const r = await openLoop(
    `http://127.0.0.1:${port}/v1/chat/completions`,
    { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    JSON.stringify({ model: 'bench-route', messages: [{ role: 'user', content: 'Say hello' }], max_tokens: 16 }),
  );
  console.log(`${name.padEnd(12)} n=${r.n} errors=${r.errors} p50=${r.p50.toFixed(2)} ms p99=${r.p99.toFixed(2)} ms p99.9=${r.p999.toFixed(2)} ms`);
  return r;
};

export async function benchShadow() {
  await startScript('fake-upstream.mjs', [P.upstream]);
  const split = Boolean(process.env.DATABASE_URL && process.env.REDIS_URL);
  const api = await startSwitchyard(P.api, split ? { SWITCHYARD_ROLE: 'api' } : {});
  const startWorker = () => {
    const { DATABASE_URL, REDIS_URL, SWITCHYARD_SECRET_KEY, SWITCHYARD_QUEUE_PREFIX } = api.env;
    return startSwitchyard(P.worker, { SWITCHYARD_ROLE: 'worker', DATABASE_URL, REDIS_URL, SWITCHYARD_SECRET_KEY, SWITCHYARD_QUEUE_PREFIX });
  };
  // BENCH_SHADOW_WORKER_AFTER=1: no worker while the phases run (the mirrored calls wait in Redis) and one started
  // afterwards to make them: what the api process alone adds, as with workers on other machines.
  const workerAfter = split && Boolean(process.env.BENCH_SHADOW_WORKER_AFTER);
  if (split && !workerAfter) {
    const worker = await startWorker();
    // BENCH_SHADOW_NICE=1: the worker at the lowest CPU priority, standing in for workers on other machines, so
    // what remains is the gateway's own cost of mirroring (the enqueue) rather than two processes sharing 2 cores.
    if (process.env.BENCH_SHADOW_NICE) setPriority(worker.pid, 19);
    // BENCH_SHADOW_PIN=1: the api process (all its threads) on CPU 0 and the worker on CPU 1 (taskset), the nearest
    // this two-core machine comes to workers on their own machine; the load generator, upstream, PostgreSQL and
    // Redis still float over both.
    if (process.env.BENCH_SHADOW_PIN) {
      execFileSync('taskset', ['-a', '-p', '-c', '0', String(api.pid)], { stdio: 'ignore' });
      execFileSync('taskset', ['-a', '-p', '-c', '1', String(worker.pid)], { stdio: 'ignore' });
    }
  }
  await admin(P.api, '/api/providers', {
    name: 'bench',
    kind: 'openai',
    baseUrl: `http://127.0.0.1:${P.upstream}/v1`,
    apiKey: 'bench',
    models: ['bench', 'bench-shadow'].map((model) => ({ model, inputPricePerM: 1, outputPricePerM: 2 })),
  });
  await admin(P.api, '/api/routes', { alias: 'bench-route', targets: [{ model: 'bench/bench', weight: 100 }] });
  await admin(P.api, '/api/graders', { name: 'nonempty', type: 'regex', config: { pattern: '\\w' } });
  const key = (await admin(P.api, '/api/keys', { name: 'bench' })).secret;
  const exp = await admin(P.api, '/api/experiments', {
    name: 'bench-shadow',
    kind: 'shadow',
    route: 'bench-route',
    variants: [
      { name: 'production', model: 'bench-route' },
      { name: 'candidate', model: 'bench/bench-shadow' },
    ],
    graders: ['nonempty'],
    sampleRate: 1,
    start: false,
  });
  console.log(
    `\n## Shadow on and off, ${RATE} requests/s open loop, ${SECONDS} s per phase (${split ? `PostgreSQL + Redis, api and worker processes${workerAfter ? ', worker started after the phases' : ''}${process.env.BENCH_SHADOW_NICE ? ', worker niced' : ''}${process.env.BENCH_SHADOW_PIN ? ', api on CPU 0, worker on CPU 1' : ''}` : 'embedded, one process'})`,
  );
  // The warm-up mirrors too, so the worker's shadow path (Bull, the candidate call, grading) is compiled and its
  // connections open before the phases compared; otherwise the first "on" phase also measures that one-time start.
  await admin(P.api, `/api/experiments/${exp.name}/start`, {});
  const warm = await phase('warm-up (shadow on)', P.api, key);
  const off = [];
  const on = [];
  for (let round = 0; round < 2; round++) {
    await admin(P.api, `/api/experiments/${exp.name}/pause`, {});
    off.push(await phase('shadow off', P.api, key));
    await admin(P.api, `/api/experiments/${exp.name}/resume`, {});
    on.push(await phase('shadow on', P.api, key));
  }
  await admin(P.api, `/api/experiments/${exp.name}/pause`, {});
  const mirrored = warm.n + on.reduce((s, x) => s + x.n, 0);
  const progressNow = async () =>
    (await fetch(`http://127.0.0.1:${P.api}/api/experiments/${exp.name}/progress`, { headers: { authorization: `Bearer ${ADMIN}` } })).json();
  let progress;
  if (workerAfter) {
    // Running again (no requests come now), so the worker makes the calls queued while it was paused or absent.
    await admin(P.api, `/api/experiments/${exp.name}/resume`, {});
    await startWorker();
    const t0 = Date.now();
    for (let i = 0; i < 600 && (progress = await progressNow()).variants.candidate.done < mirrored; i++) await new Promise((r) => setTimeout(r, 500));
    console.log(`the worker started after the phases made the queued calls in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  } else {
    await new Promise((r) => setTimeout(r, 3000));
    progress = await progressNow();
  }
  const mean = (xs, k) => xs.reduce((s, x) => s + x[k], 0) / xs.length;
  console.log(
    `p99 added by shadowing: ${(mean(on, 'p99') - mean(off, 'p99')).toFixed(2)} ms (p50 ${(mean(on, 'p50') - mean(off, 'p50')).toFixed(2)} ms); shadow calls logged: ${progress.variants.candidate.done} of ${mirrored} mirrored requests (warm-up included${workerAfter ? '; made by a worker started after the phases' : ''})`,
  );
}
