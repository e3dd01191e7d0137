// Side by side with a peer, in one run, against the same fake OpenAI upstream on 127.0.0.1: direct; a minimal
// pass-through proxy (the floor); the open-source Portkey AI Gateway (@portkey-ai/gateway, pointed at the fake
// upstream with its custom-host header); Switchyard with a route of three targets and the request log on.
// The floor is run twice: as written (node's defaults), and with the node flags `npm start` gives Switchyard.
// Each in its own process; load from autocannon in this one. Reports requests/s, p50/p99/p99.9, the CPU time
// of the process under test per request and its peak RSS, PostgreSQL's CPU per request (the request log), non-streaming and streaming (whole streams read).
import autocannon from 'autocannon';
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import {
  admin,
  cpuSeconds,
  databaseCpuSeconds,
  interleavedRounds,
  mainThreadCpuSeconds,
  medianRound,
  peakRss,
  SERVER_NODE_FLAGS,
  startScript,
  startSwitchyard,
} from './processes.mjs';

const DURATION = Number(process.env.BENCH_DURATION ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 100);
// Rounds per mode, the targets' order reversed every other round; each target's row is its median round by
// requests/s. One 10 s phase per target swung Switchyard's share of the floor from 56% to 81% on this machine
// (the host's speed drifts between phases); rounds interleave the targets so each sees the same drift.
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const P = { upstream: 3851, proxy: 3852, switchyard: 3853, flaggedProxy: 3854, portkey: 8787 };
// The floor also run with Switchyard's node flags (`npm start`'s), so the runtime's part shows apart from Switchyard's.
const FLAGGED = `floor with ${SERVER_NODE_FLAGS.join(' ')}`;

const body = (model, stream) =>
  JSON.stringify({ model, messages: [{ role: 'user', content: 'Say hello' }], max_tokens: 16, ...(stream ? { stream: true } : {}) });

/** Portkey's gateway as a child process; it listens on 8787 and prints "Ready" when it does. */
function startPortkey() {
  const entry = createRequire(import.meta.url).resolve('@portkey-ai/gateway/build/start-server.js');
  return new Promise((resolve, reject) => {
    // Its stderr is dropped: on Node 20 every streamed request logs a stack trace (see docs/benchmarks.md).
    const proc = spawn(process.execPath, [entry], { stdio: ['ignore', 'pipe', 'ignore'] });
    process.on('exit', () => proc.kill('SIGKILL'));
    proc.stdout.on('data', (d) => d.toString().includes('Ready') && resolve(proc));
    proc.once('exit', (c) => reject(new Error(`portkey exited with ${c}`)));
  });
}

async function measure(name, pid, url, headers, payload, stream) {
  const cpu0 = cpuSeconds(pid);
  const main0 = mainThreadCpuSeconds(pid);
  const db0 = databaseCpuSeconds();
  const r = await autocannon({
    url,
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: payload,
    connections: CONNECTIONS,
    duration: DURATION,
    // A stream counts when its whole body has arrived (autocannon reads each response to its end).
  });
  // The request log is written every 50 ms: wait for the last batch before reading the database's CPU.
  await new Promise((res) => setTimeout(res, 400));
  const row = {
    target: name,
    mode: stream ? 'streaming' : 'non-streaming',
    rps: Math.round(r.requests.average),
    p50ms: r.latency.p50,
    p99ms: r.latency.p99,
    'p99.9ms': r.latency.p99_9 ?? r.latency.p999,
    errors: r.errors + r.non2xx,
    cpuUsPerRequest: Math.round(((cpuSeconds(pid) - cpu0) / Math.max(1, r.requests.total)) * 1e6),
    // The JavaScript thread's share: it bounds a gateway's throughput (docs/benchmarks.md, "Sixth pass").
    mainThreadUsPerRequest: Math.round(((mainThreadCpuSeconds(pid) - main0) / Math.max(1, r.requests.total)) * 1e6),
    peakRssMB: Math.round(peakRss(pid) / 2 ** 20),
    // PostgreSQL's CPU per request (the request log), on the same two cores; 0 for the others when the machine is quiet.
    dbCpuUsPerRequest: Math.round((Math.max(0, databaseCpuSeconds() - db0) / Math.max(1, r.requests.total)) * 1e6),
  };
  console.log(JSON.stringify(row));
  return row;
}

export async function benchPeers() {
  const upstream = await startScript('fake-upstream.mjs', [P.upstream]);
  const proxy = await startScript('passthrough-proxy.mjs', [P.proxy, `http://127.0.0.1:${P.upstream}`]);
  const flaggedProxy = await startScript('passthrough-proxy.mjs', [P.flaggedProxy, `http://127.0.0.1:${P.upstream}`], SERVER_NODE_FLAGS);
  const portkey = await startPortkey();
  const sy = await startSwitchyard(P.switchyard);
  await admin(P.switchyard, '/api/providers', {
    name: 'bench',
    kind: 'openai',
    baseUrl: `http://127.0.0.1:${P.upstream}/v1`,
    apiKey: 'bench',
    models: ['bench-a', 'bench-b', 'bench-c'].map((model) => ({ model, inputPricePerM: 1, outputPricePerM: 2 })),
  });
  await admin(P.switchyard, '/api/routes', {
    alias: 'bench-route',
    targets: [
      { model: 'bench/bench-a', weight: 50 },
      { model: 'bench/bench-b', weight: 30 },
      { model: 'bench/bench-c', weight: 20 },
    ],
  });
  const key = (await admin(P.switchyard, '/api/keys', { name: 'bench' })).secret;
  const portkeyHeaders = { 'x-portkey-provider': 'openai', 'x-portkey-custom-host': `http://127.0.0.1:${P.upstream}/v1`, authorization: 'Bearer bench' };
  const targets = [
    ['direct', upstream.pid, `http://127.0.0.1:${P.upstream}/v1/chat/completions`, {}, 'bench'],
    ['pass-through proxy', proxy.pid, `http://127.0.0.1:${P.proxy}/v1/chat/completions`, {}, 'bench'],
    [FLAGGED, flaggedProxy.pid, `http://127.0.0.1:${P.flaggedProxy}/v1/chat/completions`, {}, 'bench'],
    ['Portkey gateway 1.15.2', portkey.pid, `http://127.0.0.1:${P.portkey}/v1/chat/completions`, portkeyHeaders, 'bench'],
    ['Switchyard, route of 3, log on', sy.pid, `http://127.0.0.1:${P.switchyard}/v1/chat/completions`, { authorization: `Bearer ${key}` }, 'bench-route'],
  ];
  for (const [, , url, h, model] of targets) {
    await autocannon({ url, method: 'POST', headers: { 'content-type': 'application/json', ...h }, body: body(model, false), connections: 20, duration: 2 });
  }
  const rows = [];
  for (const stream of [false, true]) {
    console.log(`\n## ${stream ? 'Streaming' : 'Non-streaming'}, ${CONNECTIONS} connections, ${DURATION} s each, ${ROUNDS} rounds`);
    const rounds = await interleavedRounds(targets, ROUNDS, ([name, pid, url, h, model]) => measure(name, pid, url, h, body(model, stream), stream));
    console.log('medians:');
    for (const ms of rounds.values()) {
      const row = medianRound(ms);
      rows.push(row);
      console.log(JSON.stringify(row));
    }
  }
  const get = (name, stream) => rows.find((r) => r.target.startsWith(name) && r.mode === (stream ? 'streaming' : 'non-streaming'));
  for (const stream of [false, true]) {
    const s = get('Switchyard', stream);
    const pk = get('Portkey', stream);
    const floor = get('pass-through', stream);
    const flagged = get(FLAGGED, stream);
    console.log(
      `${stream ? 'streaming' : 'non-streaming'}: Switchyard ${((s.rps / floor.rps) * 100).toFixed(0)}% of the floor (target ≥ 70%), ` +
        `${((s.rps / flagged.rps) * 100).toFixed(0)}% of the ${FLAGGED}; ` +
        (pk.errors > pk.rps
          ? `Portkey failed (${pk.errors} errors)`
          : `${(s.rps / pk.rps).toFixed(2)}× Portkey's throughput (target ≥ 1.5×), p99 ${s.p99ms} vs ${pk.p99ms} ms`),
    );
  }
  return rows;
}
