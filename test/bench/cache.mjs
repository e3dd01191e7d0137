// Response cache (issue 10). Two questions:
// 1. How much faster is a hit than the fastest upstream call? Sequential requests (one at a time, so the
//    latency is the request's own) to the benchmark's fake upstream, which answers at once (no model time:
//    the fastest upstream there can be), directly and through Switchyard on a route without cache, against
//    hits on a cached route; then throughput and CPU per request with 50 connections.
// 2. What does the lookup add to a miss? The real lookup (ResponseCache.lookup from backend/dist: header
//    check, policy, key normalisation and SHA-256, store get) timed in this process for requests that miss,
//    with the memory store and, when REDIS_URL is set, with Redis (its key directory answering misses, and
//    switched off so that every miss is a GET); and end to end, unique questions on a
//    cached route (each a miss) against the same questions on a route without cache.
import autocannon from 'autocannon';
import { request } from 'undici';
import { admin, cpuSeconds, startScript, startSwitchyard } from './processes.mjs';

const N = Number(process.env.BENCH_CACHE_N ?? 2000);
const P = { upstream: 3821, switchyard: 3822 };
const question = (i) => `Say hello, number ${i}`;
const body = (model, content, stream = false) =>
  JSON.stringify({ model, messages: [{ role: 'user', content }], max_tokens: 16, ...(stream ? { stream: true } : {}) });

const pct = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))];
const stats = (times) => {
  const s = [...times].sort((a, b) => a - b);
  return { p50ms: +pct(s, 0.5).toFixed(3), p99ms: +pct(s, 0.99).toFixed(3), meanMs: +(s.reduce((a, b) => a + b, 0) / s.length).toFixed(3) };
};

/** Sequential requests; returns the latency of each (whole body read) and the cache header seen. */
async function sequential(url, headers, bodies) {
  const times = [];
  const seen = {};
  for (const b of bodies) {
    const t0 = performance.now();
    const res = await request(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: b });
    await res.body.text();
    times.push(performance.now() - t0);
    const c = res.headers['x-switchyard-cache'] ?? 'none';
    seen[c] = (seen[c] ?? 0) + 1;
    if (res.statusCode !== 200) throw new Error(`${url}: ${res.statusCode}`);
  }
  return { times, seen };
}

async function lookupMicro(storeKind, roundTrip = false) {
  const { ResponseCache } = await import('../../backend/dist/gateway/cache/response-cache.js');
  const { GatewayMetrics } = await import('../../backend/dist/metrics/gateway-metrics.js');
  const config = {
    cache: { store: storeKind, maxBytes: 64 * 2 ** 20 },
    queue: storeKind === 'redis' ? { kind: 'bull', redisUrl: process.env.REDIS_URL, prefix: 'sybench_cache' } : { kind: 'in-process' },
  };
  const spec = { cache: { enabled: true, ttlSeconds: 60, shared: false, optIn: false } };
  const table = { get: () => ({ spec }) };
  const sut = new ResponseCache(config, table, { push() {} }, new GatewayMetrics());
  const plan = { route: { alias: 'bench-cached', version: 1 } };
  const who = { keyId: '6f1c3f0e-0000-4000-8000-000000000000' };
  const ex = { req: { headers: {} } };
  if (storeKind === 'redis') {
    // Connected and the key directory filled; `roundTrip` switches the directory off: every miss is a Redis GET.
    for (let i = 0; i < 100 && !sut.store.directory.ready; i++) await new Promise((r) => setTimeout(r, 50));
    if (!sut.store.directory.ready) throw new Error('the Redis key directory was not filled');
    if (roundTrip) sut.store.directory.ready = false;
  }
  const times = [];
  const n = storeKind === 'redis' ? 20_000 : 100_000;
  let cpu0;
  for (let i = 0; i < n + 2_000; i++) {
    const b = {
      model: 'bench-cached',
      messages: [
        { role: 'system', content: 'You are a helpful assistant.' },
        { role: 'user', content: question(i) },
      ],
      max_tokens: 16,
    };
    const t0 = performance.now();
    const t = await sut.lookup(b, plan, ex, who, {});
    const dt = performance.now() - t0;
    if (t.status !== 'miss') throw new Error(`expected a miss, got ${t.status}`);
    if (i >= 2_000) times.push(dt * 1000); // after warm-up, in µs
    if (i === 1_999) cpu0 = process.cpuUsage();
  }
  const cpu = process.cpuUsage(cpu0);
  await sut.onApplicationShutdown();
  const s = [...times].sort((a, b) => a - b);
  return {
    store: storeKind === 'redis' ? (roundTrip ? 'redis, every miss a GET' : 'redis, key directory') : storeKind,
    lookups: n,
    p50us: +pct(s, 0.5).toFixed(2),
    p99us: +pct(s, 0.99).toFixed(2),
    p999us: +pct(s, 0.999).toFixed(2),
    cpuUsPerLookup: +((cpu.user + cpu.system) / n).toFixed(2),
  };
}

export async function benchCache() {
  console.log('\n## Lookup on a miss, in process (µs)');
  const micro = [await lookupMicro('memory')];
  if (process.env.REDIS_URL) micro.push(await lookupMicro('redis'), await lookupMicro('redis', true));
  for (const m of micro) console.log(JSON.stringify(m));

  const upstream = await startScript('fake-upstream.mjs', [P.upstream]);
  const sy = await startSwitchyard(P.switchyard);
  await admin(P.switchyard, '/api/providers', {
    name: 'bench',
    kind: 'openai',
    baseUrl: `http://127.0.0.1:${P.upstream}/v1`,
    apiKey: 'bench',
    models: [{ model: 'bench', inputPricePerM: 1, outputPricePerM: 2 }],
  });
  await admin(P.switchyard, '/api/routes', { alias: 'bench-plain', targets: [{ model: 'bench/bench', weight: 100 }] });
  await admin(P.switchyard, '/api/routes', {
    alias: 'bench-cached',
    targets: [{ model: 'bench/bench', weight: 100 }],
    cache: { enabled: true, ttlSeconds: 3600 },
  });
  const key = (await admin(P.switchyard, '/api/keys', { name: 'bench' })).secret;
  const auth = { authorization: `Bearer ${key}` };
  const direct = `http://127.0.0.1:${P.upstream}/v1/chat/completions`;
  const gw = `http://127.0.0.1:${P.switchyard}/v1/chat/completions`;
  const same = (model, n) => Array.from({ length: n }, () => body(model, question(0)));
  const unique = (model, n, from) => Array.from({ length: n }, (_, i) => body(model, question(from + i)));

  // Warm-up: connections, JIT, the hit stored.
  await sequential(direct, {}, same('bench', 300));
  await sequential(gw, auth, same('bench-plain', 300));
  await sequential(gw, auth, same('bench-cached', 300));
  await sequential(gw, auth, unique('bench-cached', 300, 1_000_000));

  console.log(`\n## Sequential, ${N} requests each (ms, whole response read)`);
  const rows = {};
  const run = async (name, url, h, bodies) => {
    const cpu0 = cpuSeconds(sy.pid);
    const r = await sequential(url, h, bodies);
    rows[name] = { ...stats(r.times), cache: r.seen, switchyardCpuUsPerRequest: Math.round(((cpuSeconds(sy.pid) - cpu0) / bodies.length) * 1e6) };
    console.log(JSON.stringify({ case: name, ...rows[name] }));
  };
  await run('direct to the fake upstream', direct, {}, same('bench', N));
  await run('switchyard, route without cache', gw, auth, same('bench-plain', N));
  await run('switchyard, cache hit', gw, auth, same('bench-cached', N));
  await run(
    'switchyard, cache hit, streamed',
    gw,
    auth,
    Array.from({ length: N }, () => body('bench-cached', question(0), true)),
  );
  // The fake upstream paces its stream like a fast model (tokens 5 ms apart): the realistic upstream call of the bench.
  await run(
    'switchyard, route without cache, streamed',
    gw,
    auth,
    Array.from({ length: Math.min(N, 300) }, () => body('bench-plain', question(0), true)),
  );
  await run('switchyard, route without cache, unique questions', gw, auth, unique('bench-plain', N, 0));
  await run('switchyard, cache miss (unique questions)', gw, auth, unique('bench-cached', N, 10_000_000));
  const fastestUpstream = rows['switchyard, route without cache'];
  const hit = rows['switchyard, cache hit'];
  console.log(
    `hit vs the fastest upstream call through Switchyard: ${(fastestUpstream.p50ms / hit.p50ms).toFixed(2)}× faster at p50, ${(fastestUpstream.meanMs / hit.meanMs).toFixed(2)}× in mean (target ≥ 3×)`,
  );
  console.log(
    `hit vs calling the instant fake upstream directly: ${(rows['direct to the fake upstream'].p50ms / hit.p50ms).toFixed(2)}× at p50 (the fake does no work: a real model takes hundreds of ms)`,
  );
  const streamedHit = rows['switchyard, cache hit, streamed'];
  const streamedUpstream = rows['switchyard, route without cache, streamed'];
  console.log(`streamed hit vs the streamed upstream call (tokens 5 ms apart): ${(streamedUpstream.p50ms / streamedHit.p50ms).toFixed(1)}× faster at p50`);
  const missAdds = rows['switchyard, cache miss (unique questions)'].p99ms - rows['switchyard, route without cache, unique questions'].p99ms;
  console.log(
    `miss vs no cache, end to end: p99 +${missAdds.toFixed(3)} ms, p50 +${(rows['switchyard, cache miss (unique questions)'].p50ms - rows['switchyard, route without cache, unique questions'].p50ms).toFixed(3)} ms (noisy: see the in-process lookup above)`,
  );

  console.log('\n## Throughput, 50 connections, 10 s each');
  for (const [name, b] of [
    ['route without cache', body('bench-plain', question(0))],
    ['cache hit', body('bench-cached', question(0))],
  ]) {
    const cpu0 = cpuSeconds(sy.pid);
    const r = await autocannon({
      url: gw,
      method: 'POST',
      headers: { 'content-type': 'application/json', ...auth },
      body: b,
      connections: 50,
      duration: Number(process.env.BENCH_DURATION ?? 10),
    });
    const cpuUs = Math.round(((cpuSeconds(sy.pid) - cpu0) / r.requests.total) * 1e6);
    console.log(
      JSON.stringify({
        case: name,
        rps: Math.round(r.requests.average),
        p50ms: r.latency.p50,
        p99ms: r.latency.p99,
        errors: r.errors + r.non2xx,
        switchyardCpuUsPerRequest: cpuUs,
      }),
    );
  }
  sy.kill('SIGTERM');
  upstream.kill('SIGTERM');
  return { micro, rows };
}
