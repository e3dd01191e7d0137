// Gateway overhead: the same small completion direct from a fake upstream, through a minimal pass-through
// proxy (the floor), and through Switchyard, in one run. Load from autocannon in this process; upstream,
// proxy and Switchyard each in their own process, all on 127.0.0.1.
import autocannon from 'autocannon';
import { Pool, request } from 'undici';
import { admin, cpuSeconds, interleavedRounds, mainThreadCpuSeconds, medianRound, SERVER_NODE_FLAGS, startScript, startSwitchyard } from './processes.mjs';

const DURATION = Number(process.env.BENCH_DURATION ?? 10);
// Throughput rounds, the targets' order reversed every other round; each target's figure is its median round
// by requests/s, so all targets see the same drift of the host's speed (see peers.mjs).
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const P = { upstream: 3801, proxy: 3802, switchyard: 3803, transforming: 3804, flaggedProxy: 3805 };
// The floor run with the node flags Switchyard runs with too, so a reader can tell the runtime's part from Switchyard's.
const FLAGGED = `pass-through proxy, ${SERVER_NODE_FLAGS.join(' ')}`;
const body = (model, stream = false) =>
  JSON.stringify({ model, messages: [{ role: 'user', content: 'Say hello' }], max_tokens: 16, ...(stream ? { stream: true } : {}) });

function load(url, headers, payload, opts) {
  return autocannon({ url, method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: payload, duration: DURATION, ...opts });
}

const summary = (r) => ({ rps: Math.round(r.requests.average), p50ms: r.latency.p50, p99ms: r.latency.p99, errors: r.errors + r.non2xx });

/**
 * Open-loop load at a fixed rate over `connections` keep-alive connections, each request's latency timed to the
 * microsecond from its send to its last byte: autocannon reports whole milliseconds, too coarse to judge a
 * target of "under 2 ms added". Requests are sent on schedule whatever the answers do (a 1 ms timer sends
 * those due), so a slow answer delays none behind it.
 */
async function fixedRate(url, headers, payload, rate, seconds, connections = 10) {
  const { origin, pathname } = new URL(url);
  const pool = new Pool(origin, { connections, pipelining: 1 });
  const h = { 'content-type': 'application/json', ...headers };
  const times = [];
  let errors = 0;
  const inFlight = new Set();
  const one = async () => {
    const t0 = performance.now();
    try {
      const res = await pool.request({ path: pathname, method: 'POST', headers: h, body: payload });
      await res.body.arrayBuffer();
      if (res.statusCode !== 200) errors++;
    } catch {
      errors++;
    }
    times.push(performance.now() - t0);
  };
  const total = rate * seconds;
  const start = performance.now();
  let sent = 0;
  while (sent < total) {
    const due = Math.min(total, Math.floor(((performance.now() - start) * rate) / 1000) + 1);
    for (; sent < due; sent++) {
      const p = one().finally(() => inFlight.delete(p));
      inFlight.add(p);
    }
    await new Promise((r) => setTimeout(r, 1));
  }
  await Promise.all(inFlight);
  await pool.close();
  times.sort((a, b) => a - b);
  const at = (q) => +times[Math.min(times.length - 1, Math.floor(times.length * q))].toFixed(3);
  return { rps: Math.round(times.length / ((performance.now() - start) / 1000)), p50ms: at(0.5), p99ms: at(0.99), 'p99.9ms': at(0.999), errors };
}

async function ttfb(url, headers, payload, n) {
  const times = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    const res = await request(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: payload });
    let first;
    for await (const chunk of res.body) {
      if (first === undefined && chunk.length > 0) first = performance.now() - t0;
    }
    times.push(first);
  }
  times.sort((a, b) => a - b);
  return { p50ms: +times[Math.floor(n / 2)].toFixed(3), p99ms: +times[Math.floor(n * 0.99)].toFixed(3) };
}

export async function benchGateway() {
  const procs = {
    direct: await startScript('fake-upstream.mjs', [P.upstream]),
    'pass-through proxy': await startScript('passthrough-proxy.mjs', [P.proxy, `http://127.0.0.1:${P.upstream}`]),
    [FLAGGED]: await startScript('passthrough-proxy.mjs', [P.flaggedProxy, `http://127.0.0.1:${P.upstream}`], SERVER_NODE_FLAGS),
    'transforming proxy (reference)': await startScript('transforming-proxy.mjs', [P.transforming, `http://127.0.0.1:${P.upstream}`]),
    switchyard: await startSwitchyard(P.switchyard),
  };
  await admin(P.switchyard, '/api/providers', {
    name: 'bench',
    kind: 'openai',
    baseUrl: `http://127.0.0.1:${P.upstream}/v1`,
    apiKey: 'bench',
    models: ['bench', 'bench-a', 'bench-b', 'bench-c'].map((model) => ({ model, inputPricePerM: 1, outputPricePerM: 2 })),
  });
  // Issue 4's case: a route of three weighted targets with fallbacks on (the defaults) and logging on.
  await admin(P.switchyard, '/api/routes', {
    alias: 'bench-route',
    targets: [
      { model: 'bench/bench-a', weight: 50 },
      { model: 'bench/bench-b', weight: 30 },
      { model: 'bench/bench-c', weight: 20 },
    ],
  });
  const key = (await admin(P.switchyard, '/api/keys', { name: 'bench' })).secret;
  const targets = {
    direct: [`http://127.0.0.1:${P.upstream}/v1/chat/completions`, {}, body('bench')],
    'pass-through proxy': [`http://127.0.0.1:${P.proxy}/v1/chat/completions`, {}, body('bench')],
    [FLAGGED]: [`http://127.0.0.1:${P.flaggedProxy}/v1/chat/completions`, {}, body('bench')],
    'transforming proxy (reference)': [`http://127.0.0.1:${P.transforming}/v1/chat/completions`, {}, body('bench')],
    switchyard: [`http://127.0.0.1:${P.switchyard}/v1/chat/completions`, { authorization: `Bearer ${key}` }, body('bench/bench')],
    'switchyard, route of 3 targets': [`http://127.0.0.1:${P.switchyard}/v1/chat/completions`, { authorization: `Bearer ${key}` }, body('bench-route')],
  };
  procs['switchyard, route of 3 targets'] = procs.switchyard;
  for (const [url, h, b] of Object.values(targets)) await load(url, h, b, { connections: 20, duration: 2 }); // warm-up

  console.log(`\n## Non-streaming, 100 connections, ${DURATION} s each, ${ROUNDS} rounds`);
  const rounds = await interleavedRounds(Object.keys(targets), ROUNDS, async (name, round) => {
    const [url, h, b] = targets[name];
    const { pid } = procs[name];
    const [cpu0, main0] = [cpuSeconds(pid), mainThreadCpuSeconds(pid)];
    const r = await load(url, h, b, { connections: 100 });
    const per = (s) => Math.round((s / r.requests.total) * 1e6);
    const row = { ...summary(r), cpuUsPerRequest: per(cpuSeconds(pid) - cpu0), mainThreadUsPerRequest: per(mainThreadCpuSeconds(pid) - main0) };
    console.log(JSON.stringify({ round: round + 1, target: name, ...row }));
    return row;
  });
  const throughput = {};
  console.log('medians:');
  for (const [name, ms] of rounds) {
    throughput[name] = medianRound(ms);
    console.log(JSON.stringify({ target: name, ...throughput[name] }));
  }
  const share = (floor) => ((throughput.switchyard.rps / throughput[floor].rps) * 100).toFixed(1);
  console.log(
    `Switchyard / pass-through proxy throughput: ${share('pass-through proxy')}% (target ≥ 70%); ${share(FLAGGED)}% of the floor with the same node flags`,
  );
  console.log(
    `Switchyard route (3 targets) / direct model: ${((throughput['switchyard, route of 3 targets'].rps / throughput.switchyard.rps) * 100).toFixed(1)}% (target ≥ 90%)`,
  );
  console.log(
    '(cpuUsPerRequest: CPU time of that process alone per request, for "direct" the upstream\'s own cost; mainThreadUsPerRequest: its JavaScript thread\'s, which bounds its throughput)',
  );

  console.log(`\n## Fixed 500 requests/s, 10 connections, ${DURATION} s each, ${ROUNDS} rounds, latency to the microsecond`);
  const fixedRounds = await interleavedRounds(['direct', 'switchyard'], ROUNDS, async (name, round) => {
    const [url, h, b] = targets[name];
    const m = await fixedRate(url, h, b, 500, DURATION);
    console.log(JSON.stringify({ round: round + 1, target: name, ...m }));
    return m;
  });
  // Each target's median round by p99.
  const fixed = {};
  for (const [name, ms] of fixedRounds) {
    fixed[name] = medianRound(ms, 'p99ms');
    console.log(JSON.stringify({ target: name, ...fixed[name] }));
  }
  console.log(`p99 added by Switchyard at 500 req/s: ${(fixed.switchyard.p99ms - fixed.direct.p99ms).toFixed(2)} ms (target < 2 ms)`);

  console.log(`\n## Streaming: time to first byte, 300 sequential requests each, ${ROUNDS} rounds`);
  const streams = {
    direct: [targets.direct[0], {}, body('bench', true)],
    'pass-through proxy': [targets['pass-through proxy'][0], {}, body('bench', true)],
    switchyard: [targets.switchyard[0], targets.switchyard[1], body('bench/bench', true)],
  };
  // Interleaved rounds as for throughput: one pass per target had put the floor and Switchyard in different
  // phases of the host (the floor's own TTFB moved from 0.96 to 1.68 ms between runs).
  const ttfbRounds = await interleavedRounds(Object.keys(streams), ROUNDS, async (name, round) => {
    const m = await ttfb(...streams[name], 300);
    console.log(JSON.stringify({ round: round + 1, target: name, ...m }));
    return m;
  });
  const [direct, proxy, sy] = ['direct', 'pass-through proxy', 'switchyard'].map((name) => medianRound(ttfbRounds.get(name), 'p50ms'));
  console.log(JSON.stringify({ target: 'direct', ...direct }));
  console.log(JSON.stringify({ target: 'pass-through proxy', ...proxy }));
  console.log(JSON.stringify({ target: 'switchyard', ...sy }));
  console.log(
    `TTFB p50 added by Switchyard: ${(sy.p50ms - direct.p50ms).toFixed(3)} ms over direct (target ≤ 1 ms); ${(sy.p50ms - proxy.p50ms).toFixed(3)} ms over the pass-through proxy`,
  );
  return { throughput, fixed, ttfb: { direct, proxy, switchyard: sy } };
}
