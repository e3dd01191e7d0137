// Dataset upload: a generated 1,000,000-row JSONL file (~300 MB) streamed to POST /api/datasets/:id/versions,
// Switchyard on PostgreSQL when DATABASE_URL is set (embedded otherwise). Reports wall time from the first
// byte sent to the answer, rows/s, and the server's peak RSS (VmHWM from /proc).
import { createReadStream, createWriteStream, statSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import { request } from 'undici';
import { ADMIN, admin, peakRss, startSwitchyard } from './processes.mjs';

const ROWS = Number(process.env.BENCH_DATASET_ROWS ?? 1_000_000);

async function generate(path) {
  const out = createWriteStream(path);
  const filler = 'Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor incididunt ut labore et dolore magna aliqua.';
  for (let i = 0; i < ROWS; i++) {
    const line = `{"id":"row-${i}","input":{"question":"Question ${i}: what is ${i % 97} + ${i % 89}? ${filler}","context":"ctx-${i % 1000}"},"expected":"${(i % 97) + (i % 89)}","metadata":{"difficulty":"${['easy', 'medium', 'hard'][i % 3]}","tags":["bench"]}}\n`;
    if (!out.write(line)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
}

export async function benchDatasetImport() {
  const file = join(tmpdir(), `switchyard-bench-${ROWS}.jsonl`);
  await generate(file);
  const bytes = statSync(file).size;
  const sy = await startSwitchyard(3821);
  await admin(3821, '/api/datasets', { name: 'bench-import' });
  const before = peakRss(sy.pid);
  const t0 = performance.now();
  const res = await request('http://127.0.0.1:3821/api/datasets/bench-import/versions', {
    method: 'POST',
    headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/x-ndjson' },
    body: createReadStream(file),
    headersTimeout: 600_000,
    bodyTimeout: 600_000,
  });
  const body = await res.body.json();
  const seconds = (performance.now() - t0) / 1000;
  const result = {
    rows: body.rows,
    status: res.statusCode,
    megabytes: +(bytes / 1e6).toFixed(1),
    seconds: +seconds.toFixed(1),
    rowsPerSecond: Math.round(body.rows / seconds),
    peakRssMB: Math.round(peakRss(sy.pid) / 1e6),
    rssBeforeMB: Math.round(before / 1e6),
    storage: process.env.DATABASE_URL ? 'postgres' : 'embedded',
  };
  console.log(JSON.stringify(result));
  sy.kill('SIGTERM');
  unlinkSync(file);
  return result;
}
