// Request-log writer throughput and cost on PostgreSQL: the writer's own SQL paths, built by
// backend/dist/usage/request-log-rows.js, into a fresh database migrated by Switchyard itself, one connection,
// for BENCH_DURATION seconds per case: COPY FROM STDIN of the batch in COPY's text format (the writer's path)
// and the JSON INSERT (its fallback when COPY refuses a batch), 250 and 1,000 rows a batch. Reports rows/s, batch
// latency, the JavaScript time to build a batch per row and the CPU the PostgreSQL backend spent per row
// (`/proc/<pid>/stat` of the connection's server process). Needs DATABASE_URL (the embedded database is not a
// production target for this figure).
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { COPY_STDIN_SQL, copyText, jsonInsertStatement } from '../../backend/dist/usage/request-log-rows.js';
import { newRequestId } from '../../backend/dist/http/request-id.js';
import { startSwitchyard } from './processes.mjs';

const DURATION = Number(process.env.BENCH_DURATION ?? 10);

function record(i) {
  return {
    requestId: newRequestId(),
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

const cpuMs = (pid) => {
  const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(f[11]) + Number(f[12])) * 10;
};

/** Each way: how a batch is built (timed on its own), and how it is sent. */
const write = {
  copy: {
    build: (records) => copyText(records),
    async send(client, text) {
      const stream = client.query(copyFrom(COPY_STDIN_SQL));
      stream.end(text);
      await once(stream, 'finish');
    },
  },
  'json insert': {
    build: (records) => jsonInsertStatement(records),
    send: (client, { sql, params }) => client.query(sql, params),
  },
};

export async function benchLogWriter() {
  if (!process.env.DATABASE_URL) {
    console.log('skipped: set DATABASE_URL (and REDIS_URL) to measure the log writer on PostgreSQL');
    return undefined;
  }
  const sy = await startSwitchyard(3811);
  const url = sy.databaseUrl;
  sy.kill('SIGTERM');
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const pid = (await client.query('SELECT pg_backend_pid() AS pid')).rows[0].pid;
  const rows = [];
  for (const [how, { build, send }] of Object.entries(write)) {
    for (const batch of [250, 1000]) {
      let n = 0;
      let buildMs = 0;
      const times = [];
      const cpu0 = cpuMs(pid);
      const t0 = performance.now();
      while (performance.now() - t0 < DURATION * 1000) {
        const records = Array.from({ length: batch }, (_, i) => record(i));
        const s = performance.now();
        const payload = build(records);
        buildMs += performance.now() - s;
        await send(client, payload);
        times.push(performance.now() - s);
        n += batch;
      }
      const secs = (performance.now() - t0) / 1000;
      times.sort((a, b) => a - b);
      const row = {
        how,
        batch,
        rowsPerSecond: Math.round(n / secs),
        batchP50ms: +times[Math.floor(times.length / 2)].toFixed(1),
        batchP99ms: +times[Math.floor(times.length * 0.99)].toFixed(1),
        buildUsPerRow: +((buildMs * 1000) / n).toFixed(2),
        postgresCpuUsPerRow: +(((cpuMs(pid) - cpu0) * 1000) / n).toFixed(1),
      };
      console.log(JSON.stringify(row));
      rows.push(row);
    }
  }
  await client.end();
  return rows;
}
