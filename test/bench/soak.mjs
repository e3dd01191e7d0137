// Soak: a fixed rate of mixed streaming and non-streaming requests through a route for BENCH_SOAK_SECONDS
// (600 by default), Switchyard against the fake upstream. Samples the server's RSS every 10 s and checks,
// at the end, that no request failed and that every request is in the request log. Growth is measured
// from the end of the warm-up (the first minute, or a tenth of the run when shorter) to the end.
import { readFileSync } from 'node:fs';
import { request } from 'undici';
import { ADMIN, admin, startScript, startSwitchyard } from './processes.mjs';

const SECONDS = Number(process.env.BENCH_SOAK_SECONDS ?? 600);
const RATE = Number(process.env.BENCH_SOAK_RATE ?? 200);
const P = { upstream: 3841, switchyard: 3842 };
const rss = (pid) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))[1]) * 1024;
const mb = (b) => `${(b / 2 ** 20).toFixed(0)} MB`;

export async function benchSoak() {
  await startScript('fake-upstream.mjs', [P.upstream]);
  const sy = await startSwitchyard(P.switchyard);
  await admin(P.switchyard, '/api/providers', {
    name: 'bench',
    kind: 'openai',
    baseUrl: `http://127.0.0.1:${P.upstream}/v1`,
    apiKey: 'bench',
    models: ['bench-a', 'bench-b'].map((model) => ({ model, inputPricePerM: 1, outputPricePerM: 2 })),
  });
  await admin(P.switchyard, '/api/routes', {
    alias: 'soak',
    targets: [
      { model: 'bench/bench-a', weight: 70 },
      { model: 'bench/bench-b', weight: 30 },
    ],
  });
  const key = (await admin(P.switchyard, '/api/keys', { name: 'soak' })).secret;
  const url = `http://127.0.0.1:${P.switchyard}/v1/chat/completions`;
  const headers = { authorization: `Bearer ${key}`, 'content-type': 'application/json' };
  const bodies = [false, true].map((stream) => JSON.stringify({ model: 'soak', stream, messages: [{ role: 'user', content: 'Say hello' }], max_tokens: 16 }));

  console.log(`\n## Soak: ${RATE} requests/s for ${SECONDS} s, half streamed, route of two targets, logging on`);
  const samples = [];
  const started = Date.now();
  const warmup = Math.min(60, SECONDS / 10);
  let sent = 0;
  let ok = 0;
  let failed = 0;
  const inflight = new Set();
  const timer = setInterval(() => samples.push({ t: (Date.now() - started) / 1000, rss: rss(sy.pid) }), 10_000);
  const t0 = performance.now();
  for (let i = 0; i < RATE * SECONDS; i++) {
    const due = t0 + (i * 1000) / RATE;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((r) => setTimeout(r, wait));
    sent++;
    const p = request(url, { method: 'POST', headers, body: bodies[i % 2] })
      .then(async (res) => {
        const text = await res.body.text();
        if (res.statusCode === 200 && (i % 2 === 0 || text.trimEnd().endsWith('data: [DONE]'))) ok++;
        else failed++;
      })
      .catch(() => failed++)
      .finally(() => inflight.delete(p));
    inflight.add(p);
  }
  await Promise.all(inflight);
  clearInterval(timer);
  samples.push({ t: (Date.now() - started) / 1000, rss: rss(sy.pid) });
  await new Promise((r) => setTimeout(r, 3000)); // the last log batch
  const summary = await (
    await fetch(`http://127.0.0.1:${P.switchyard}/api/usage/summary?groupBy=route&from=${new Date(started - 1000).toISOString()}`, {
      headers: { authorization: `Bearer ${ADMIN}` },
    })
  ).json();
  const logged = summary.rows.find((r) => r.group === 'soak')?.requests ?? 0;
  const after = samples.filter((s) => s.t >= warmup);
  const base = after[0]?.rss ?? samples[0].rss;
  const peak = Math.max(...after.map((s) => s.rss));
  const end = samples.at(-1).rss;
  console.log(`requests: ${sent} sent, ${ok} ok, ${failed} failed; logged: ${logged}`);
  console.log(`RSS after warm-up ${mb(base)}, peak ${mb(peak)}, end ${mb(end)}: growth ${(((end - base) / base) * 100).toFixed(1)}%`);
  console.log(`RSS samples (s: MB): ${samples.map((s) => `${Math.round(s.t)}: ${Math.round(s.rss / 2 ** 20)}`).join(', ')}`);
}
