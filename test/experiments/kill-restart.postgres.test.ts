import pg from 'pg';
import { startFakeOpenAI } from '../fakes/openai-upstream.js';
import { isolatedEnv, mode } from '../support/env.js';
import { type RunningServer, startServer } from '../support/server.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const ITEMS = 2000;
const VARIANTS = 3;
const TOTAL = ITEMS * VARIANTS;
const COUNTRIES = ['France', 'Japan', 'Kenya', 'Peru', 'Canada', 'Egypt', 'Norway', 'India'];
const CAPITALS = ['Paris', 'Tokyo', 'Nairobi', 'Lima', 'Ottawa', 'Cairo', 'Oslo', 'New Delhi'];

/**
 * The worker process is killed with SIGKILL in the middle of a dataset run of 2,000 items × 3 variants and
 * started again: the run completes with every result exactly once, and after the restart the judge is
 * called exactly once per result still missing, so no stored result is graded twice.
 */
describe(`a worker killed during a dataset run loses nothing and grades nothing twice (${mode.database}, ${mode.queue})`, () => {
  let api: RunningServer;
  let worker: RunningServer;
  let env: Record<string, string>;
  let cleanup: () => Promise<void>;
  let fake: Awaited<ReturnType<typeof startFakeOpenAI>>;
  let db: pg.Client;

  const call = async (method: string, path: string, json?: unknown) => {
    const res = await api.request(path, { method, json, signal: AbortSignal.timeout(30_000) });
    expect(res.status).toBeLessThan(300);
    return res.json();
  };
  const judgeCalls = () => fake.requests.filter((r) => r.body.model === 'judge').length;
  const stored = async () => Number((await db.query('SELECT count(*) AS n FROM experiment_results')).rows[0].n);

  beforeAll(async () => {
    fake = await startFakeOpenAI({ apiKey: 'test-key' });
    ({ env, cleanup } = await isolatedEnv());
    api = await startServer({ reuse: env, env: { SWITCHYARD_ROLE: 'api' } });
    worker = await startServer({ reuse: env, env: { SWITCHYARD_ROLE: 'worker' } });
    db = new pg.Client({ connectionString: env.DATABASE_URL });
    await db.connect();
    const slow = { latency: { firstTokenMs: { p50: 15, p95: 25 }, tokensPerSecond: 1e9 }, quality: 0.8 };
    await call('POST', '/api/providers', {
      name: 'lab',
      kind: 'simulator',
      options: { models: { m1: slow, m2: slow, m3: slow } },
      models: ['m1', 'm2', 'm3'].map((model) => ({ model, inputPricePerM: 1, outputPricePerM: 2 })),
    });
    await call('POST', '/api/providers', { name: 'oai', kind: 'openai', baseUrl: fake.url, apiKey: 'test-key', models: [{ model: 'judge' }] });
    await call('POST', '/api/graders', { name: 'exact', type: 'exact_match', config: {} });
    await call('POST', '/api/graders', { name: 'judge', type: 'llm_judge', config: { model: 'oai/judge', template: 'factuality' } });
    await call('POST', '/api/datasets', { name: 'many-capitals' });
    const lines = Array.from({ length: ITEMS }, (_, i) =>
      JSON.stringify({ input: { question: `Item ${i + 1}: what is the capital of ${COUNTRIES[i % 8]}? Name only.` }, expected: CAPITALS[i % 8] }),
    );
    const up = await api.request('/api/datasets/many-capitals/versions', {
      method: 'POST',
      body: lines.join('\n'),
      headers: { 'content-type': 'application/x-ndjson' },
    });
    expect(up.status).toBe(201);
  }, 120_000);
  afterAll(async () => {
    await db?.end();
    await worker?.stop('SIGKILL');
    await api?.stop();
    await cleanup?.();
    await fake?.close();
  });

  it('completes after a SIGKILL and a restart with 6,000 results, 12,000 scores, and one judge call per result made after the restart', async () => {
    const created = await call('POST', '/api/experiments', {
      name: 'kill-me',
      kind: 'dataset',
      dataset: { name: 'many-capitals' },
      variants: [
        { name: 'a', model: 'lab/m1' },
        { name: 'b', model: 'lab/m2' },
        { name: 'c', model: 'lab/m3' },
      ],
      graders: ['exact', 'judge'],
      concurrency: 24,
    });
    expect(created).toMatchObject({ status: 'running', total: TOTAL });

    // Kill the worker once a quarter of the run is stored.
    const deadline = Date.now() + 60_000;
    while ((await stored()) < TOTAL / 4) {
      if (Date.now() > deadline) throw new Error(`the run did not get going: ${await stored()} results`);
      await sleep(50);
    }
    expect(await worker.stop('SIGKILL')).toBeNull();
    await sleep(300); // the killed process's sockets are gone; nothing more can arrive
    const atKill = await stored();
    expect(atKill).toBeGreaterThan(0);
    expect(atKill).toBeLessThan(TOTAL);
    const judgedBeforeRestart = judgeCalls();
    // Calls made for results the kill lost: at most what was in flight (8 chunks of 25 items × 3 variants).
    expect(judgedBeforeRestart - atKill).toBeGreaterThanOrEqual(0);
    expect(judgedBeforeRestart - atKill).toBeLessThanOrEqual(8 * 25 * VARIANTS);
    expect((await call('GET', '/api/experiments/kill-me/progress')).status).toBe('running');

    worker = await startServer({ reuse: env, env: { SWITCHYARD_ROLE: 'worker' } });
    const done = Date.now() + 90_000;
    for (;;) {
      const p = await call('GET', '/api/experiments/kill-me/progress');
      if (p.status === 'completed') break;
      if (Date.now() > done) throw new Error(`not completed after the restart: ${JSON.stringify(p)}`);
      await sleep(250);
    }

    const results = (
      await db.query(
        `SELECT count(*) AS n, count(DISTINCT (variant, item_idx)) AS distinct_n, count(*) FILTER (WHERE NOT ok) AS failed FROM experiment_results`,
      )
    ).rows[0];
    expect(results).toEqual({ n: String(TOTAL), distinct_n: String(TOTAL), failed: '0' });
    const scores = (
      await db.query(
        `SELECT grader, count(*) AS n, count(DISTINCT (variant, item_idx)) AS distinct_n, count(*) FILTER (WHERE error IS NOT NULL) AS errors
           FROM experiment_scores GROUP BY grader ORDER BY grader`,
      )
    ).rows;
    expect(scores).toEqual([
      { grader: 'exact', n: String(TOTAL), distinct_n: String(TOTAL), errors: '0' },
      { grader: 'judge', n: String(TOTAL), distinct_n: String(TOTAL), errors: '0' },
    ]);
    // Every result stored after the restart was judged once, and nothing stored before it was judged again.
    expect(judgeCalls() - judgedBeforeRestart).toBe(TOTAL - atKill);
  }, 240_000);
});
