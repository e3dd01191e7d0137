import { startFakeOpenAI } from '../fakes/openai-upstream.js';
import { mode } from '../support/env.js';
import { type RunningServer, startServer } from '../support/server.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const INSTANT = { latency: { firstTokenMs: { p50: 0, p95: 0 }, tokensPerSecond: 1e9 } };
const LAB = {
  prod: { ...INSTANT, quality: 0.8, pricePerMillion: { input: 1, output: 2 } },
  cand: { ...INSTANT, quality: 0.8, pricePerMillion: { input: 0.5, output: 1 } },
};
const USERS = 400;

describe(`live and shadow experiments (${mode.database}, ${mode.queue})`, () => {
  let server: RunningServer;
  let fake: Awaited<ReturnType<typeof startFakeOpenAI>>;
  let secret: string;
  let other: string;

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
      await sleep(200);
    }
  };
  const chat = async (model: string, content: string, opts: { user?: string; stream?: boolean } = {}) => {
    const started = performance.now();
    const res = await fetch(`${server.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${secret}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model, user: opts.user, stream: opts.stream, messages: [{ role: 'user', content }] }),
      signal: AbortSignal.timeout(10_000),
    });
    const text = await res.text();
    let answer: string;
    if (opts.stream)
      answer = text
        .split('\n')
        .filter((l) => l.startsWith('data: {'))
        .map((l) => JSON.parse(l.slice(6)).choices[0]?.delta?.content ?? '')
        .join('');
    else answer = JSON.parse(text).choices[0].message.content;
    return {
      status: res.status,
      ms: performance.now() - started,
      answer,
      id: res.headers.get('x-switchyard-request-id')!,
      experiment: res.headers.get('x-switchyard-experiment'),
      target: res.headers.get('x-switchyard-target'),
    };
  };
  const feedback = (key: string, body: unknown) =>
    fetch(`${server.url}/v1/feedback`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(10_000),
    });

  beforeAll(async () => {
    fake = await startFakeOpenAI();
    server = await startServer();
    const lab = await api('POST', '/api/providers', {
      name: 'lab',
      kind: 'simulator',
      options: { models: LAB },
      models: Object.entries(LAB).map(([model, p]) => ({ model, inputPricePerM: p.pricePerMillion.input, outputPricePerM: p.pricePerMillion.output })),
    });
    expect(lab.status).toBe(201);
    const oai = await api('POST', '/api/providers', {
      name: 'oai',
      kind: 'openai',
      baseUrl: fake.url,
      apiKey: 'test-key',
      models: [{ model: 'judge' }, { model: 'slow-first-byte', inputPricePerM: 1, outputPricePerM: 1 }],
    });
    expect(oai.status).toBe(201);
    for (const alias of ['assist', 'mirror'])
      expect((await api('POST', '/api/routes', { alias, targets: [{ model: 'lab/prod', weight: 100 }] })).status).toBe(201);
    expect((await api('POST', '/api/graders', { name: 'nonempty', type: 'regex', config: { pattern: '\\w' } })).status).toBe(201);
    expect((await api('POST', '/api/graders', { name: 'prefer', type: 'pairwise', config: { model: 'oai/judge' } })).status).toBe(201);
    secret = (await api('POST', '/api/keys', { name: 'app' })).body.secret;
    other = (await api('POST', '/api/keys', { name: 'someone-else' })).body.secret;
  });
  afterAll(async () => {
    await server?.close();
    await fake?.close();
  });

  it('refuses live and shadow definitions that cannot run, naming each problem', async () => {
    const bad = await api('POST', '/api/experiments', {
      name: 'bad-live',
      kind: 'live',
      route: 'assist',
      dataset: { name: 'capital-cities' },
      variants: [
        { name: 'control', model: 'lab/prod', weight: 60 },
        { name: 'cand', model: 'lab/cand', weight: 30 },
      ],
      graders: ['nonempty'],
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ path: 'dataset' }),
        expect.objectContaining({ path: 'variants[0].model', message: expect.stringContaining('the route itself') }),
        expect.objectContaining({ path: 'variants', message: expect.stringContaining('add up to 100 (they add up to 90)') }),
      ]),
    );
    const shadowFeedback = await api('POST', '/api/experiments', {
      name: 'bad-shadow',
      kind: 'shadow',
      route: 'mirror',
      variants: [
        { name: 'control', model: 'mirror' },
        { name: 'cand', model: 'lab/cand' },
      ],
      graders: ['nonempty'],
      primaryMetric: { grader: 'feedback:thumbs' },
    });
    expect(shadowFeedback.status).toBe(400);
    expect(shadowFeedback.body.error.details[0]).toMatchObject({ path: 'primaryMetric.grader', message: expect.stringContaining('only a live experiment') });
    expect((await api('GET', '/api/experiments')).body).toEqual([]);
  });

  let liveId: string;
  const assigned = new Map<number, string>();
  const requests: Array<{ user: number; id: string; variant: string }> = [];

  it('splits a route by a sticky hash: each user keeps one variant, and the split matches 70/30', async () => {
    const created = await api('POST', '/api/experiments', {
      name: 'cheaper-assistant',
      hypothesis: 'users like the candidate at least as much',
      kind: 'live',
      route: 'assist',
      variants: [
        { name: 'control', model: 'assist', weight: 70 },
        { name: 'cand', model: 'lab/cand', weight: 30 },
      ],
      graders: ['nonempty'],
      primaryMetric: { grader: 'feedback:thumbs', measure: 'pass_rate' },
      // Error rate only: both models answer at once, so their p95 latencies are fractions of a millisecond and
      // the default latency guardrail (+50%) could be breached by a loaded machine's noise, leaving no winner
      // to promote (seen once in CI). The latency guardrail has its own tests.
      guardrails: [{ metric: 'error_rate', maxRelativeIncrease: 0.5 }],
      sampleRate: 1,
      stopping: { rule: 'sequential', checkEverySeconds: 1 },
      autoPromote: 'better',
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ kind: 'live', status: 'running' });
    liveId = created.body.id;
    const busy = await api('POST', '/api/experiments', {
      name: 'second-split',
      kind: 'live',
      route: 'assist',
      variants: [
        { name: 'control', model: 'assist' },
        { name: 'cand', model: 'lab/cand' },
      ],
      graders: ['nonempty'],
    });
    expect(busy.status).toBe(409);
    expect((await api('GET', '/api/experiments/second-split')).status).toBe(404); // nothing half-stored

    for (let round = 0; round < 2; round++) {
      for (let u = 0; u < USERS; u++) {
        const r = await chat('assist', `Hello from user ${u}, round ${round}. What is the capital of France?`, { user: `user-${u}`, stream: u % 4 === 0 });
        expect(r.status).toBe(200);
        const variant = r.experiment!.split('/')[1];
        expect(r.experiment).toBe(`cheaper-assistant/${variant}`);
        expect(r.target).toBe(variant === 'cand' ? 'lab/cand' : 'lab/prod');
        if (round === 0) assigned.set(u, variant);
        else expect(variant).toBe(assigned.get(u)); // sticky
        requests.push({ user: u, id: r.id, variant });
      }
    }
    const share = [...assigned.values()].filter((v) => v === 'cand').length / USERS;
    expect(share).toBeGreaterThan(0.2);
    expect(share).toBeLessThan(0.4);
    // The request log (written in batches) holds every request with its variant; the report checks the split.
    const report = await waitFor('the request log to catch up', async () => {
      const r = (await api('GET', '/api/experiments/cheaper-assistant/report')).body;
      return r.variants.reduce((s: number, v: { n: number }) => s + v.n, 0) === 2 * USERS ? r : undefined;
    });
    expect(report.srm).toMatchObject({ mismatch: false, expectedShare: { control: 0.7, cand: 0.3 } });
    expect(report.srm.p).toBeGreaterThan(0.001);
    expect(report.srm.observed.cand).toBe(2 * [...assigned.values()].filter((v) => v === 'cand').length);
  }, 180_000);

  it('grades the sampled outputs off the request path', async () => {
    const report = await waitFor('every sampled output to be graded', async () => {
      const r = (await api('GET', '/api/experiments/cheaper-assistant/report')).body;
      const graded = r.variants.reduce((s: number, v: any) => s + (v.metrics.nonempty?.n ?? 0), 0);
      return graded === 2 * USERS ? r : undefined;
    });
    for (const v of report.variants) expect(v.metrics.nonempty.passRate.estimate).toBe(1);
  });

  it('joins feedback to the report, with always-valid inference, then stops by its sequential rule and promotes the winner', async () => {
    expect((await feedback(secret, { request_id: requests[0].id, value: 'sideways' })).status).toBe(400);
    // Users like the candidate's answers 9 times in 10 and the control's 1 time in 2.
    for (const [i, r] of requests.entries()) {
      const up = r.variant === 'cand' ? i % 10 !== 0 : i % 2 === 0;
      const res = await feedback(secret, {
        request_id: r.id,
        value: up ? 'up' : 'down',
        ...(i % 7 === 0 ? { metric: 'outcome', label: up ? 'resolved' : 'escalated' } : {}),
      });
      expect(res.status).toBe(200);
    }
    // Another key cannot overwrite this key's feedback; its feedback on our requests never joins the report.
    expect((await feedback(other, { request_id: requests[1].id, value: 'down' })).status).toBe(409);
    expect((await feedback(other, { request_id: requests[2].id, metric: 'stars', value: 1 })).status).toBe(200);

    const stopped = await waitFor('the sequential rule to stop the experiment', async () => {
      const e = (await api('GET', '/api/experiments/cheaper-assistant')).body;
      return e.status === 'completed' ? e : undefined;
    });
    expect(stopped.finishedAt).toEqual(expect.any(String));
    const report = (await api('GET', '/api/experiments/cheaper-assistant/report')).body;
    const thumbs = (name: string) => report.variants.find((v: any) => v.name === name).metrics['feedback:thumbs'];
    expect(thumbs('cand').n + thumbs('control').n).toBe(2 * USERS - [...requests.entries()].filter(([i]) => i % 7 === 0).length);
    expect(thumbs('cand').passRate.estimate).toBeGreaterThan(0.85);
    expect(report.variants.some((v: any) => v.metrics['feedback:stars'])).toBe(false);
    const cmp = report.comparisons.find((c: any) => c.grader === 'feedback:thumbs');
    expect(cmp).toMatchObject({ variant: 'cand', measure: 'pass_rate', test: expect.stringMatching(/z/i) });
    expect(cmp.alwaysValid.p).toBeLessThan(0.05);
    // The confidence sequence is wider than the fixed-horizon interval: the price of looking at any time.
    expect(cmp.alwaysValid.hi - cmp.alwaysValid.lo).toBeGreaterThan(cmp.hi - cmp.lo);
    expect(report.verdicts[0]).toMatchObject({ variant: 'cand', verdict: 'better' });
    expect(report.labels).toEqual(expect.arrayContaining([expect.objectContaining({ metric: 'outcome', label: 'resolved' })]));

    // The winner's promotion started by itself; the route no longer splits.
    // Up to 150 s: in CI the promotion has come 25 s after the stop once, and not within 60 s twice (cause not found yet).
    const promotion = await waitFor(
      'the automatic promotion',
      async () => {
        const list = (await api('GET', '/api/promotions')).body as any[];
        return list.find((p) => p.experimentId === liveId);
      },
      150_000,
    );
    expect(promotion).toMatchObject({ route: 'assist', model: 'lab/cand', status: 'ramping', actor: 'system' });
    expect(promotion.reason).toMatch(/^automatic promotion: cand beats control/);
    const after = await chat('assist', 'After the experiment', { user: 'user-1' });
    expect(after.experiment).toBeNull();
    expect((await api('POST', `/api/promotions/${promotion.id}/rollback`, {})).status).toBe(200);
  }, 240_000);

  it('shadows a route: the client gets the same answer as without it and never waits for the candidates', async () => {
    const questions = Array.from({ length: 12 }, (_, i) => `Shadow question ${i}: what is the capital of France?`);
    const before = [];
    for (const [i, q] of questions.entries()) before.push(await chat('mirror', q, { stream: i % 2 === 1 }));
    const created = await api('POST', '/api/experiments', {
      name: 'mirror-check',
      kind: 'shadow',
      route: 'mirror',
      variants: [
        { name: 'production', model: 'mirror' },
        { name: 'cand', model: 'lab/cand' },
        { name: 'slow', model: 'oai/slow-first-byte' },
      ],
      graders: ['nonempty', 'prefer'],
      sampleRate: 1,
    });
    expect(created.status).toBe(201);
    for (const [i, q] of questions.entries()) {
      const r = await chat('mirror', q, { stream: i % 2 === 1 });
      expect(r.status).toBe(200);
      expect(r.answer).toBe(before[i].answer);
      expect(r.target).toBe('lab/prod');
      expect(r.experiment).toBeNull();
      // The slow candidate's upstream takes 2 s; the client's answer never waits for it.
      expect(r.ms).toBeLessThan(1500);
    }
    const report = await waitFor(
      'the shadow calls and their grades',
      async () => {
        const r = (await api('GET', '/api/experiments/mirror-check/report')).body;
        const v = Object.fromEntries(r.variants.map((x: any) => [x.name, x]));
        return v.slow?.metrics.prefer?.n === 12 && v.cand?.metrics.prefer?.n === 12 && v.production?.n === 12 ? r : undefined;
      },
      90_000,
    );
    const v = Object.fromEntries(report.variants.map((x: any) => [x.name, x]));
    expect(v.production.metrics.nonempty.n).toBe(12);
    expect(v.production.metrics.prefer).toBeUndefined(); // the production output is the pairwise baseline
    expect(v.slow.latencyMs.p50.estimate).toBeGreaterThan(1900);
    expect(report.srm).toBeNull();
    expect(fake.requests.filter((r) => r.body.model === 'slow-first-byte').length).toBe(12);
    expect((await api('POST', '/api/experiments/mirror-check/cancel')).body.status).toBe('cancelled');
  }, 150_000);
});
