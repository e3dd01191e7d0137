// Request-log writer throughput: the writer's own SQL path (multi-row INSERT of up to 1,000 records built by
// backend/dist/usage/request-log-rows.js) into a fresh PostgreSQL database migrated by Switchyard itself.
// Needs DATABASE_URL (the embedded database is not a production target for this figure).
import pg from 'pg';
import { randomUUID } from 'node:crypto';
import { insertStatement } from '../../backend/dist/usage/request-log-rows.js';
import { startSwitchyard } from './processes.mjs';

const DURATION = Number(process.env.BENCH_DURATION ?? 10);

function record(i) {
  return {
    requestId: randomUUID(),
    at: Date.now(),
    keyId: '00000000-0000-4000-8000-000000000001',
    model: 'support-chat',
    route: 'support-chat',
    routeVersion: 3,
    target: 'openai/gpt-4o-mini',
    attempts: [{ target: 'openai/gpt-4o-mini', latencyMs: 812.4 }],
    stream: i % 2 === 0,
    status: 200,
    latencyMs: 812.4,
    ttftMs: i % 2 === 0 ? 240.1 : undefined,
    usage: { prompt_tokens: 412, completion_tokens: 96, total_tokens: 508 },
    costUsd: 0.0001194,
  };
}

export async function benchLogWriter() {
  if (!process.env.DATABASE_URL) {
    console.log('skipped: set DATABASE_URL (and REDIS_URL) to measure the log writer on PostgreSQL');
    return undefined;
  }
  const sy = await startSwitchyard(3811);
  const url = sy.databaseUrl;
  sy.kill('SIGTERM');
  const pool = new pg.Pool({ connectionString: url, max: 1 });
  for (const batch of [250, 1000]) {
    let rows = 0;
    const times = [];
    const until = performance.now() + DURATION * 1000;
    const t0 = performance.now();
    while (performance.now() < until) {
      const records = Array.from({ length: batch }, (_, i) => record(i));
      const { sql, params } = insertStatement(records);
      const s = performance.now();
      await pool.query(sql, params);
      times.push(performance.now() - s);
      rows += batch;
    }
    const secs = (performance.now() - t0) / 1000;
    times.sort((a, b) => a - b);
    console.log(
      JSON.stringify({
        batch,
        rowsPerSecond: Math.round(rows / secs),
        batchP50ms: +times[Math.floor(times.length / 2)].toFixed(1),
        batchP99ms: +times[Math.floor(times.length * 0.99)].toFixed(1),
      }),
    );
  }
  await pool.end();
}
