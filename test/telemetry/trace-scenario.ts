import type { RunningServer } from '../support/server.js';
import type { ReceivedSpan } from './otlp-receiver.js';

export const SERVER = 2;
export const CLIENT = 3;
export const INTERNAL = 1;
export const CONSUMER = 5;
export const ERROR = 2;

const INSTANT = { latency: { firstTokenMs: { p50: 0, p95: 0 }, tokensPerSecond: 1e9 } };
/** `good` answers, `broken` fails every call with a retryable error, `slow` streams for a few hundred ms. */
export const LAB = {
  name: 'lab',
  kind: 'simulator',
  options: {
    models: {
      good: { ...INSTANT, quality: 0.9 },
      broken: { ...INSTANT, quality: 0.9, errorRate: 1 },
      slow: { latency: { firstTokenMs: { p50: 0, p95: 0 }, tokensPerSecond: 300 }, quality: 0.9 },
    },
  },
  models: [
    { model: 'good', inputPricePerM: 1, outputPricePerM: 2, capabilities: ['chat'] },
    { model: 'broken', inputPricePerM: 1, outputPricePerM: 2, capabilities: ['chat'] },
    { model: 'slow', inputPricePerM: 1, outputPricePerM: 2, capabilities: ['chat'] },
  ],
};
export const PROMPT = 'TRACE-PROMPT-7f3a: what is the capital of France?';

export async function post(server: RunningServer, path: string, json: unknown): Promise<any> {
  const res = await server.request(path, { method: 'POST', json });
  const text = await res.text();
  if (res.status >= 300) throw new Error(`${path}: ${res.status} ${text}`);
  return JSON.parse(text);
}

export const childrenOf = (spans: ReceivedSpan[], parent: ReceivedSpan) =>
  spans.filter((s) => s.parentSpanId === parent.spanId && s.traceId === parent.traceId);

/** Runs a three-item dataset experiment of two variants and waits for it to complete. */
export async function runSmallExperiment(api: RunningServer, name: string): Promise<void> {
  await post(api, '/api/graders', { name: `${name}-exact`, type: 'exact_match', config: {} });
  await post(api, '/api/datasets', { name: `${name}-ds` });
  const lines = [1, 2, 3].map((i) => JSON.stringify({ input: { question: `Item ${i}: what is 1 + 1?` }, expected: '2' }));
  const up = await api.request(`/api/datasets/${name}-ds/versions`, {
    method: 'POST',
    body: lines.join('\n'),
    headers: { 'content-type': 'application/x-ndjson' },
  });
  if (up.status !== 201) throw new Error(`dataset upload: ${up.status} ${await up.text()}`);
  await post(api, '/api/experiments', {
    name,
    kind: 'dataset',
    dataset: { name: `${name}-ds` },
    variants: [
      { name: 'control', model: 'lab/good' },
      { name: 'candidate', model: 'lab/good', params: { temperature: 0.1 } },
    ],
    graders: [`${name}-exact`],
  });
  const deadline = Date.now() + 60_000;
  for (;;) {
    const p = await (await api.request(`/api/experiments/${name}/progress`)).json();
    if (p.status === 'completed') return;
    if (Date.now() > deadline) throw new Error(`experiment not completed: ${JSON.stringify(p)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** The spans of a completed dataset run: its chunk spans, each with one internal `chat` span per (item, variant), each with its attempt. */
export function experimentSpans(spans: ReceivedSpan[], name: string) {
  const chunks = spans.filter((s) => s.name === 'experiments.run-chunk' && s.attributes['switchyard.experiment.name'] === name);
  const calls = chunks.flatMap((c) => childrenOf(spans, c)).filter((s) => s.name === 'chat lab/good');
  const attempts = calls.flatMap((c) => childrenOf(spans, c));
  return { chunks, calls, attempts };
}
