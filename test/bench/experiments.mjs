// Experiments (issue 6). Two measurements, Switchyard on PostgreSQL + Redis when DATABASE_URL and REDIS_URL are
// set (embedded otherwise):
//  1. run: a dataset of BENCH_EXPERIMENT_ITEMS items (default 10,000) × 3 variants on `sim/sim-instant` (never
//     sleeps) with one exact_match grader, concurrency 64. Wall time from POST /api/experiments (start at once)
//     until /progress says `completed`, polled every 100 ms; results/s; the server's CPU time and peak RSS; then
//     one GET /report of that run.
//  2. report (PostgreSQL only): a draft experiment over a dataset of BENCH_REPORT_ITEMS items (default 333,334,
//     so 3 variants make 1,000,002 results), whose results and scores are then written with
//     INSERT … SELECT … FROM generate_series (different pass rates per variant) and the experiment marked
//     completed. GET /api/experiments/{name}/report is timed once straight away (as right after a run:
//     nothing vacuumed or analysed), then, after VACUUM ANALYZE of both tables (as autovacuum leaves them),
//     BENCH_REPORT_RUNS times (default 5): the first and the median of the others.
import { once } from 'node:events';
import pg from 'pg';
import { ADMIN, admin, cpuSeconds, peakRss, startSwitchyard } from './processes.mjs';

const RUN_ITEMS = Number(process.env.BENCH_EXPERIMENT_ITEMS ?? 10_000);
const REPORT_ITEMS = Number(process.env.BENCH_REPORT_ITEMS ?? 333_334);
const REPORT_RUNS = Number(process.env.BENCH_REPORT_RUNS ?? 5);
const RUN_LIMIT_MS = Number(process.env.BENCH_EXPERIMENT_LIMIT_S ?? 600) * 1000;
const VARIANTS = [
  { name: 'a', model: 'sim/sim-instant' },
  { name: 'b', model: 'sim/sim-instant', params: { temperature: 0.5 } },
  { name: 'c', model: 'sim/sim-instant', params: { temperature: 1 } },
];
const postgres = Boolean(process.env.DATABASE_URL && process.env.REDIS_URL);

async function get(port, path) {
  const res = await fetch(`http://127.0.0.1:${port}${path}`, { headers: { authorization: `Bearer ${ADMIN}` } });
  if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
  return res.json();
}

/** Uploads `rows` generated items as one JSONL version, streamed. */
async function upload(port, dataset, rows) {
  await admin(port, '/api/datasets', { name: dataset });
  const body = new ReadableStream({
    i: 0,
    pull(controller) {
      let s = '';
      for (let n = 0; n < 1000 && this.i < rows; n++, this.i++) {
        const i = this.i;
        s += `{"id":"q-${i}","input":{"question":"What is ${i % 97} + ${i % 89}?"},"expected":"${(i % 97) + (i % 89)}"}\n`;
      }
      if (s) controller.enqueue(new TextEncoder().encode(s));
      if (this.i >= rows) controller.close();
    },
  });
  const res = await fetch(`http://127.0.0.1:${port}/api/datasets/${dataset}/versions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/x-ndjson' },
    body,
    duplex: 'half',
  });
  if (!res.ok) throw new Error(`upload: ${res.status} ${await res.text()}`);
  return res.json();
}

async function setUp(port) {
  // A PostgreSQL start seeds no simulator account (the embedded start does).
  if (postgres) await admin(port, '/api/providers', { name: 'sim', kind: 'simulator' });
  await admin(port, '/api/graders', { name: 'exact', type: 'exact_match', config: {} });
}

async function benchRun() {
  const port = 3831;
  const sy = await startSwitchyard(port);
  try {
    await setUp(port);
    await upload(port, 'bench-run', RUN_ITEMS);
    const cpu0 = cpuSeconds(sy.pid);
    const t0 = performance.now();
    await admin(port, '/api/experiments', {
      name: 'bench-run',
      kind: 'dataset',
      dataset: { name: 'bench-run' },
      variants: VARIANTS,
      graders: ['exact'],
      concurrency: 64,
    });
    let p;
    // The longest a progress request waited, as a measure of the API's responsiveness during the run. A request
    // sent on a keep-alive socket the server closed meanwhile (it could not answer for longer than its
    // keep-alive timeout) is sent again.
    let slowestPoll = 0;
    for (;;) {
      const asked = performance.now();
      try {
        p = await get(port, '/api/experiments/bench-run/progress');
      } catch (err) {
        if (!['ECONNRESET', 'UND_ERR_SOCKET'].includes(err.cause?.code)) throw err;
        continue;
      } finally {
        slowestPoll = Math.max(slowestPoll, performance.now() - asked);
      }
      if (p.status !== 'running') break;
      if (performance.now() - t0 > RUN_LIMIT_MS) throw new Error(`not done after ${RUN_LIMIT_MS / 1000} s: ${JSON.stringify(p)}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    const seconds = (performance.now() - t0) / 1000;
    const cpu = cpuSeconds(sy.pid) - cpu0;
    // The report of this run (first request), which also checks its SQL on this storage.
    const t1 = performance.now();
    const report = await get(port, '/api/experiments/bench-run/report');
    const reportSeconds = (performance.now() - t1) / 1000;
    const result = {
      storage: postgres ? 'postgres+redis' : 'embedded',
      items: RUN_ITEMS,
      variants: VARIANTS.length,
      status: p.status,
      results: p.done,
      failed: p.failed,
      seconds: +seconds.toFixed(2),
      resultsPerSecond: Math.round(p.done / seconds),
      serverCpuSeconds: +cpu.toFixed(1),
      slowestProgressSeconds: +(slowestPoll / 1000).toFixed(2),
      peakRssMB: Math.round(peakRss(sy.pid) / 1e6),
      reportSeconds: +reportSeconds.toFixed(3),
      reportVariants: report.variants.map((v) => `${v.name}: n ${v.n}, p50 ${v.latencyMs.p50?.estimate?.toFixed(2)} ms`),
    };
    console.log(JSON.stringify({ run: result }));
    return result;
  } finally {
    await stop(sy);
  }
}

async function benchReport() {
  if (!postgres) {
    console.log(JSON.stringify({ report: 'skipped: needs DATABASE_URL and REDIS_URL (results are written with SQL)' }));
    return null;
  }
  const port = 3832;
  const sy = await startSwitchyard(port);
  const db = new pg.Client({ connectionString: sy.databaseUrl });
  await db.connect();
  try {
    await setUp(port);
    await upload(port, 'bench-report', REPORT_ITEMS);
    await admin(port, '/api/experiments', {
      name: 'bench-report',
      kind: 'dataset',
      dataset: { name: 'bench-report' },
      variants: VARIANTS,
      graders: ['exact'],
      concurrency: 64,
      start: false,
    });
    const [{ id }] = (await db.query(`SELECT id FROM experiments WHERE name = 'bench-report'`)).rows;
    const t0 = performance.now();
    // Variant a: 1% errors, latency 200–1000 ms, 60% pass; b: 2%, 250–1050 ms, 70%; c: 3%, 300–1100 ms, 75%; outputs of
    // 60–300 characters (sim-instant answers 20–80 tokens). Scores only for successful calls, as the runner grades only
    // those; pseudo-random but deterministic by item. Rows go in item order, all variants of an item together, as the
    // runner's chunk transactions write them.
    await db.query(
      `INSERT INTO experiment_results (experiment_id, variant, item_idx, ok, output, error_code, error_message, target, latency_ms, input_tokens, output_tokens, cost_usd)
       SELECT $1, v.name, i, NOT x.e, CASE WHEN x.e THEN NULL ELSE left(repeat('The answer is ' || (i % 97) || '. ', 25), 60 + (i * 7 + v.k) % 240) END,
              CASE WHEN x.e THEN 'provider/server_error' END, CASE WHEN x.e THEN 'simulated' END, 'sim/sim-instant',
              200 + v.k * 50 + abs(hashint4(i * 3 + v.k)::bigint) % 800, 20 + i % 40, 20 + (i * 7 + v.k) % 60,
              (20 + i % 40) * 1e-6 + (20 + (i * 7 + v.k) % 60) * 3e-6
         FROM generate_series(1, $2::int) AS i
        CROSS JOIN (VALUES ('a', 0, 1), ('b', 1, 2), ('c', 2, 3)) AS v(name, k, err_pct)
        CROSS JOIN LATERAL (SELECT abs(hashint4(i * 3 + v.k + 10)::bigint) % 100 < v.err_pct AS e) x
        ORDER BY i, v.k`,
      [id, REPORT_ITEMS],
    );
    await db.query(
      `INSERT INTO experiment_scores (experiment_id, grader, variant, item_idx, score, pass, reason, cost_usd)
       SELECT r.experiment_id, 'exact', r.variant, r.item_idx, p::int, p, CASE WHEN p THEN 'exact match' ELSE 'output differs from expected' END, 0
         FROM experiment_results r
        CROSS JOIN LATERAL (SELECT abs(hashint4(r.item_idx * 7 + ascii(r.variant))::bigint) % 100 < CASE r.variant WHEN 'a' THEN 60 WHEN 'b' THEN 70 ELSE 75 END AS p) x
        WHERE r.experiment_id = $1 AND r.ok
        ORDER BY r.item_idx, r.variant`,
      [id],
    );
    await db.query(`UPDATE experiments SET status = 'completed', started_at = now() - interval '1 hour', finished_at = now() WHERE id = $1`, [id]);
    const fillSeconds = (performance.now() - t0) / 1000;
    // As right after a run: nothing vacuumed or analysed yet (unless autovacuum got there first).
    let t = performance.now();
    await get(port, '/api/experiments/bench-report/report');
    const beforeVacuumSeconds = (performance.now() - t) / 1000;
    await db.query('VACUUM ANALYZE experiment_results');
    await db.query('VACUUM ANALYZE experiment_scores');
    const counts = (
      await db.query(
        `SELECT (SELECT count(*) FROM experiment_results WHERE experiment_id = $1) AS results, (SELECT count(*) FROM experiment_scores WHERE experiment_id = $1) AS scores`,
        [id],
      )
    ).rows[0];
    const times = [];
    let report;
    for (let i = 0; i < REPORT_RUNS; i++) {
      t = performance.now();
      report = await get(port, '/api/experiments/bench-report/report');
      times.push(+((performance.now() - t) / 1000).toFixed(3));
    }
    const warm = times.slice(1).sort((x, y) => x - y);
    const mid = warm.length >> 1;
    const result = {
      storage: 'postgres',
      results: Number(counts.results),
      scores: Number(counts.scores),
      fillSeconds: +fillSeconds.toFixed(1),
      beforeVacuumSeconds: +beforeVacuumSeconds.toFixed(3),
      firstSeconds: times[0],
      warmMedianSeconds: warm.length ? +(warm.length % 2 ? warm[mid] : (warm[mid - 1] + warm[mid]) / 2).toFixed(3) : null,
      times,
      passRates: Object.fromEntries(report.variants.map((v) => [v.name, +v.metrics.exact?.passRate?.estimate?.toFixed(4)])),
      verdicts: report.verdicts.map((v) => `${v.variant}: ${v.verdict}`),
    };
    console.log(JSON.stringify({ report: result }));
    return result;
  } finally {
    await db.end();
    await stop(sy);
  }
}

/** Stops the server and drops its bench database. */
async function stop(sy) {
  sy.kill('SIGTERM');
  if (sy.exitCode === null) await Promise.race([once(sy, 'exit'), new Promise((r) => setTimeout(r, 10_000))]);
  if (sy.exitCode === null && sy.signalCode === null) sy.kill('SIGKILL');
  if (!sy.databaseUrl) return;
  const name = new URL(sy.databaseUrl).pathname.slice(1);
  const c = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await c.connect();
  await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await c.end();
}

export async function benchExperiments() {
  const run = await benchRun();
  const report = process.env.BENCH_EXPERIMENT_SKIP_REPORT ? null : await benchReport();
  return { run, report };
}
