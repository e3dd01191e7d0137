import { mode } from '../support/env.js';
import { type RunningServer, startServer } from '../support/server.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

// Simulated models with no latency: the same quality as the control but cheaper, better and dearer, and worse.
const INSTANT = { latency: { firstTokenMs: { p50: 0, p95: 0 }, tokensPerSecond: 1e9 } };
const LAB_MODELS = {
  standard: { ...INSTANT, quality: 0.9, pricePerMillion: { input: 1, output: 3 } },
  premium: { ...INSTANT, quality: 0.99, pricePerMillion: { input: 5, output: 15 } },
  budget: { ...INSTANT, quality: 0.9, pricePerMillion: { input: 0.1, output: 0.4 } },
  weak: { ...INSTANT, quality: 0.5, pricePerMillion: { input: 0.05, output: 0.2 } },
  slowish: { latency: { firstTokenMs: { p50: 40, p95: 60 }, tokensPerSecond: 1e9 }, quality: 0.9 },
};
const catalogue = (models: Record<string, { pricePerMillion?: { input: number; output: number }; quality: number }>) =>
  Object.entries(models).map(([model, p]) => ({
    model,
    inputPricePerM: p.pricePerMillion?.input ?? 1,
    outputPricePerM: p.pricePerMillion?.output ?? 1,
    capabilities: ['chat'],
  }));

const CAPITALS = { name: 'capital-cities' };
const variants = (...names: string[]) => names.map((n) => ({ name: n, model: `lab/${n}` }));

describe(`dataset experiments, reports and promotion end to end (${mode.database}, ${mode.queue})`, () => {
  let server: RunningServer;
  let labId: string;
  let secret: string;

  const api = async (method: string, path: string, json?: unknown) => {
    const res = await server.request(path, { method, json, signal: AbortSignal.timeout(30_000) });
    const text = await res.text();
    return { status: res.status, body: text && res.headers.get('content-type')?.includes('json') ? JSON.parse(text) : text };
  };
  const waitFor = async <T>(what: string, probe: () => Promise<T | undefined>, ms = 60_000): Promise<T> => {
    const deadline = Date.now() + ms;
    for (;;) {
      const v = await probe();
      if (v !== undefined) return v;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await sleep(100);
    }
  };
  const finished = (name: string) =>
    waitFor(`${name} to finish`, async () => {
      const p = (await api('GET', `/api/experiments/${name}/progress`)).body;
      return p.status === 'completed' ? p : undefined;
    });
  const chat = async (model: string, i: number) => {
    const res = await fetch(`${server.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${secret}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model, messages: [{ role: 'user', content: `Request ${i}: what is the capital of France? Name only.` }] }),
      signal: AbortSignal.timeout(10_000),
    });
    await res.arrayBuffer();
    return { status: res.status, target: res.headers.get('x-switchyard-target') };
  };

  beforeAll(async () => {
    server = await startServer();
    if (mode.database === 'postgres') {
      // A PostgreSQL start has no demo data: load the bundled capitals and its grader as a user would.
      expect((await api('POST', '/api/datasets', { name: 'capital-cities' })).status).toBe(201);
      const { readFile } = await import('node:fs/promises');
      const file = await readFile(new URL('../../datasets/capital-cities.jsonl', import.meta.url));
      const up = await server.request('/api/datasets/capital-cities/versions', {
        method: 'POST',
        body: file,
        headers: { 'content-type': 'application/x-ndjson' },
      });
      expect(up.status).toBe(201);
      const grader = { name: 'capital-exact', type: 'exact_match', config: { normalize: { stripPunctuation: true } } };
      expect((await api('POST', '/api/graders', grader)).status).toBe(201);
    }
    const lab = await api('POST', '/api/providers', { name: 'lab', kind: 'simulator', options: { models: LAB_MODELS }, models: catalogue(LAB_MODELS) });
    expect(lab.status).toBe(201);
    labId = lab.body.id;
    secret = (await api('POST', '/api/keys', { name: 'app' })).body.secret;
  });
  afterAll(() => server?.close());

  it('refuses a definition that cannot run, naming every problem by path, and stores nothing', async () => {
    const res = await api('POST', '/api/experiments', {
      name: 'broken',
      kind: 'dataset',
      dataset: { name: 'capital-cities', version: 99 },
      variants: [
        { name: 'a', model: 'lab/standard' },
        { name: 'b', model: 'nowhere/model' },
      ],
      graders: ['capital-exact', 'no-such-grader'],
      primaryMetric: { grader: 'zzz' },
    });
    expect(res.status).toBe(400);
    const paths = res.body.error.details.map((d: { path: string }) => d.path);
    expect(paths).toEqual(expect.arrayContaining(['dataset.version', 'variants[1].model', 'graders[1]', 'primaryMetric.grader']));
    expect((await api('GET', '/api/experiments/broken')).status).toBe(404);
    const shapeless = await api('POST', '/api/experiments', {
      name: 'Bad Name',
      kind: 'dataset',
      variants: [{ name: 'a', model: 'lab/standard' }],
      graders: [],
    });
    expect(shapeless.status).toBe(400);
    expect(shapeless.body.error.details.map((d: { path: string }) => d.path)).toEqual(expect.arrayContaining(['name', 'variants', 'graders']));
  });

  let report: any;
  it('runs every item × variant, and the report names the better, the worse and the non-inferior cheaper model', async () => {
    const created = await api('POST', '/api/experiments', {
      name: 'capitals-four-ways',
      hypothesis: 'budget is as accurate as standard for far less',
      kind: 'dataset',
      dataset: CAPITALS,
      variants: variants('standard', 'premium', 'budget', 'weak'),
      graders: ['capital-exact'],
      nonInferiorityMargin: 0.1,
      concurrency: 32,
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ status: 'running', total: 162 * 4 });
    expect(created.body.spec.dataset.version).toBe(1);
    const done = await finished('capitals-four-ways');
    expect(done).toMatchObject({ total: 648, done: 648, failed: 0 });
    expect(Object.keys(done.variants).sort()).toEqual(['budget', 'premium', 'standard', 'weak']);

    const r = await api('GET', '/api/experiments/capitals-four-ways/report');
    expect(r.status).toBe(200);
    report = r.body;
    expect(report.control).toBe('standard');
    expect(report.primaryMetric).toEqual({ grader: 'capital-exact', measure: 'pass_rate' });
    for (const v of report.variants) expect(v).toMatchObject({ n: 162, errors: 0 });
    const verdict = Object.fromEntries(report.verdicts.map((v: any) => [v.variant, v]));
    expect(verdict.premium.verdict).toBe('better');
    expect(verdict.weak.verdict).toBe('worse');
    expect(verdict.budget.verdict).toBe('non-inferior and cheaper');
    expect(verdict.budget.reason).toMatch(/margin/);
    const cmp = Object.fromEntries(report.comparisons.map((c: any) => [c.variant, c]));
    expect(cmp.premium).toMatchObject({ test: expect.stringMatching(/McNemar/), n: 162 });
    expect(cmp.premium.pAdjusted).toBeLessThan(0.05);
    expect(cmp.premium.lo).toBeGreaterThan(0);
    expect(cmp.weak.hi).toBeLessThan(0);
    expect(cmp.budget.lo).toBeGreaterThan(-0.1);
    const cost = Object.fromEntries(report.variants.map((v: any) => [v.name, v.costUsd.perRequest]));
    expect(cost.budget).toBeLessThan(cost.standard);
    expect(cost.premium).toBeGreaterThan(cost.standard);
    // The Pareto set: no member is matched or beaten on both quality and cost by another variant.
    const point = (v: any) => ({ q: v.metrics['capital-exact'].passRate.estimate, cost: v.costUsd.perRequest });
    const dominated = (v: any) =>
      report.variants.some(
        (o: any) => o !== v && point(o).q >= point(v).q && point(o).cost <= point(v).cost && (point(o).q > point(v).q || point(o).cost < point(v).cost),
      );
    expect(report.pareto.sort()).toEqual(
      report.variants
        .filter((v: any) => !dominated(v))
        .map((v: any) => v.name)
        .sort(),
    );
    expect(report.pareto).toEqual(expect.arrayContaining(['premium', 'weak']));
  });

  it('shows items where variants disagree, and exports every result', async () => {
    const page = (await api('GET', '/api/experiments/capitals-four-ways/results?disagree=true&limit=500')).body;
    expect(page.total).toBeGreaterThan(0);
    for (const row of page.rows) {
      const passes = Object.values(row.variants).map((v: any) => v.scores['capital-exact'].pass);
      expect(new Set(passes).size).toBe(2);
    }
    const failing = (await api('GET', '/api/experiments/capitals-four-ways/results?failing=weak&limit=500')).body;
    expect(failing.total).toBe(162 - Math.round(report.variants.find((v: any) => v.name === 'weak').metrics['capital-exact'].passRate.estimate * 162));
    const csv = await server.request('/api/experiments/capitals-four-ways/export?format=csv');
    expect(csv.headers.get('content-type')).toMatch(/text\/csv/);
    // One row per item, the variants side by side.
    const lines = (await csv.text()).trim().split('\n');
    expect(lines.length).toBe(1 + 162);
    expect(lines[0]).toContain('budget.output,budget.error,budget.latency_ms,budget.cost_usd,budget.capital-exact.score');
    const jsonl = (await (await server.request('/api/experiments/capitals-four-ways/export?format=jsonl')).text())
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(jsonl.map((r) => r.item)).toEqual(Array.from({ length: 162 }, (_, i) => i + 1));
    for (const r of jsonl) expect(Object.keys(r.variants).sort()).toEqual(['budget', 'premium', 'standard', 'weak']);
  });

  it('keeps a dataset version an experiment uses', async () => {
    const res = await api('DELETE', '/api/datasets/capital-cities/versions/1');
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('datasets/in-use');
  });

  it('pauses (no new calls), resumes where it stopped, and cancels keeping what it has', async () => {
    const created = await api('POST', '/api/experiments', {
      name: 'pausable',
      kind: 'dataset',
      dataset: CAPITALS,
      variants: [
        { name: 'a', model: 'lab/slowish' },
        { name: 'b', model: 'lab/slowish', params: { temperature: 0.5 } },
      ],
      graders: ['capital-exact'],
      concurrency: 2,
    });
    expect(created.status).toBe(201);
    await waitFor('first results', async () => ((await api('GET', '/api/experiments/pausable/progress')).body.done > 4 ? true : undefined));
    expect((await api('POST', '/api/experiments/pausable/pause')).body.status).toBe('paused');
    // Calls in flight finish and are kept (chunks store their results when they end); then nothing moves.
    let held = -1;
    await waitFor('the calls in flight to be stored', async () => {
      const now = (await api('GET', '/api/experiments/pausable/progress')).body.done;
      if (now === held) return true;
      held = now;
      await sleep(500);
      return undefined;
    });
    await sleep(1000);
    expect((await api('GET', '/api/experiments/pausable/progress')).body).toMatchObject({ status: 'paused', done: held });
    expect((await api('POST', '/api/experiments/pausable/pause')).status).toBe(409);
    expect((await api('POST', '/api/experiments/pausable/resume')).body.status).toBe('running');
    await waitFor('more results', async () => ((await api('GET', '/api/experiments/pausable/progress')).body.done > held + 4 ? true : undefined));
    expect((await api('POST', '/api/experiments/pausable/cancel')).body.status).toBe('cancelled');
    await sleep(300);
    const kept = (await api('GET', '/api/experiments/pausable/progress')).body;
    expect(kept.status).toBe('cancelled');
    expect(kept.done).toBeGreaterThan(held);
    expect(kept.done).toBeLessThan(324);
    await sleep(800);
    expect((await api('GET', '/api/experiments/pausable/progress')).body.done).toBe(kept.done);
    expect((await api('POST', '/api/experiments/pausable/resume')).status).toBe(409);
  });

  it('promotes the cheaper model by a ramp: each step a route version, and the routing table serves it', async () => {
    expect((await api('POST', '/api/routes', { alias: 'capitals', targets: [{ model: 'lab/standard', weight: 100 }] })).status).toBe(201);
    const started = await api('POST', '/api/promotions', {
      route: 'capitals',
      experiment: 'capitals-four-ways',
      variant: 'budget',
      steps: [50, 100],
      minSeconds: 1,
      minRequests: 5,
      minSamples: 5,
      checkEverySeconds: 1,
      reason: 'non-inferior and cheaper',
    });
    expect(started.status).toBe(201);
    expect(started.body).toMatchObject({ status: 'ramping', model: 'lab/budget', step: 0, share: 50, baseVersion: 1 });
    const id = started.body.id;
    const seen = new Set<string | null>();
    let i = 0;
    const done = await waitFor('the ramp to complete', async () => {
      for (let k = 0; k < 10; k++) {
        const r = await chat('capitals', i++);
        expect(r.status).toBe(200);
        seen.add(r.target);
      }
      const p = (await api('GET', `/api/promotions/${id}`)).body;
      return p.status === 'completed' ? p : undefined;
    });
    expect(seen).toEqual(new Set(['lab/standard', 'lab/budget'])); // both served during the 50% step
    expect(done.history.map((h: any) => h.event)).toEqual(['started', 'advanced', 'completed']);
    const route = (await api('GET', '/api/routes/capitals')).body;
    expect(route.currentVersion).toBe(3);
    expect(route.current.spec.targets[0]).toMatchObject({ model: 'lab/budget', weight: 100 });
    const history = (await api('GET', '/api/routes/capitals/versions')).body;
    const v2 = history.find((v: any) => v.version === 2);
    expect(v2).toMatchObject({ source: 'promotion', promotionId: id });
    for (let k = 0; k < 10; k++) expect((await chat('capitals', 1000 + k)).target).toBe('lab/budget');
  });

  it('rolls back by itself when the promoted model starts failing during the ramp, and clients never see it', async () => {
    const started = await api('POST', '/api/promotions', {
      route: 'capitals',
      model: 'lab/premium',
      steps: [50, 100],
      minSeconds: 1,
      minRequests: 5,
      minSamples: 5,
      checkEverySeconds: 1,
    });
    expect(started.status).toBe(201);
    const id = started.body.id;
    const base = started.body.baseVersion;
    // The premium model goes bad: every call fails with a retryable error, so the route falls back.
    const broken = { ...LAB_MODELS, premium: { ...LAB_MODELS.premium, errorRate: 1 } };
    expect((await api('PATCH', `/api/providers/${labId}`, { options: { models: broken } })).status).toBe(200);
    let i = 0;
    const statuses: number[] = [];
    const ended = await waitFor('the automatic rollback', async () => {
      for (let k = 0; k < 10; k++) statuses.push((await chat('capitals', 2000 + i++)).status);
      const p = (await api('GET', `/api/promotions/${id}`)).body;
      return p.status === 'rolled_back' ? p : undefined;
    });
    expect(new Set(statuses)).toEqual(new Set([200]));
    expect(ended.reason).toMatch(/^automatic rollback: error rate 100\.0%/);
    expect(ended.history.at(-1)).toMatchObject({ event: 'rolled_back', actor: 'system' });
    const route = (await api('GET', '/api/routes/capitals')).body;
    expect(route.current.spec.targets).toEqual((await api('GET', `/api/routes/capitals/versions/${base}`)).body.spec.targets);
    for (let k = 0; k < 5; k++) expect((await chat('capitals', 3000 + k)).target).toBe('lab/budget');
    // Only one promotion at a time per route; an ended one can no longer move.
    expect((await api('POST', `/api/promotions/${id}/advance`)).status).toBe(409);
    // The model is mended for what follows.
    expect((await api('PATCH', `/api/providers/${labId}`, { options: { models: LAB_MODELS } })).status).toBe(200);
  });

  it('promotes the winner of a dataset run by itself when asked to', async () => {
    expect((await api('POST', '/api/routes', { alias: 'capitals-auto', targets: [{ model: 'lab/standard', weight: 100 }] })).status).toBe(201);
    const created = await api('POST', '/api/experiments', {
      name: 'auto-promoted',
      kind: 'dataset',
      dataset: CAPITALS,
      variants: variants('standard', 'premium'),
      graders: ['capital-exact'],
      autoPromote: 'better',
      promoteRoute: 'capitals-auto',
      // Latency is not compared here: these simulated models answer in well under a millisecond, so p95 is noise.
      guardrails: [{ metric: 'error_rate' }],
    });
    expect(created.status).toBe(201);
    await finished('auto-promoted');
    const promotion = await waitFor('the automatic promotion', async () => {
      const list = (await api('GET', '/api/promotions')).body as Array<Record<string, unknown>>;
      return list.find((p) => p.experimentId === created.body.id);
    });
    expect(promotion).toMatchObject({ route: 'capitals-auto', variant: 'premium', model: 'lab/premium', status: 'ramping', share: 5, actor: 'system' });
    expect(promotion.reason).toMatch(/^automatic promotion: premium beats standard on capital-exact pass rate/);
    expect((await api('GET', '/api/routes/capitals-auto')).body.current).toMatchObject({ source: 'promotion', promotionId: promotion.id });
  });
});
