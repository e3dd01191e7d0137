// A large experiment for the console's scale test: the answers the API would give for a finished dataset run of
// `variants` variants, `graders` graders and `items` items (the report, its per-item results, the experiment).
// Served to the browser with page.route, so the test measures the console, not the run that would produce them.

const iv = (estimate: number, half: number) => ({ estimate, lo: estimate - half, hi: estimate + half });

export function bigRun(name: string, variants: number, graders: number, items: number) {
  const vs = Array.from({ length: variants }, (_, i) => (i === 0 ? 'control' : `candidate-${i}`));
  const gs = Array.from({ length: graders }, (_, g) => `grader-${g}`);
  const spec = {
    kind: 'dataset',
    dataset: { name: 'big-set', version: 1 },
    variants: vs.map((v, i) => ({ name: v, model: `sim/sim-${i}` })),
    control: 'control',
    graders: gs.map((g) => ({ name: g, type: 'exact' })),
    primaryMetric: { grader: 'grader-0', measure: 'pass_rate' },
    guardrails: [],
    nonInferiorityMargin: 0.02,
    stopping: { rule: 'sample_size' },
    concurrency: 8,
  };
  const experiment = {
    id: '00000000-0000-4000-8000-000000000001',
    name,
    hypothesis: 'A larger model answers better at a price.',
    kind: 'dataset',
    status: 'completed',
    spec,
    total: items * variants,
    error: null,
    actor: 'admin',
    createdAt: '2026-12-06T10:00:00.000Z',
    startedAt: '2026-12-06T10:00:01.000Z',
    finishedAt: '2026-12-06T10:20:00.000Z',
  };
  const progress = { status: 'completed', total: items * variants, done: items * variants, failed: 0, costUsd: 1.23, rate: 10, etaSeconds: null };
  const report = {
    experiment: {},
    control: 'control',
    primaryMetric: spec.primaryMetric,
    nonInferiorityMargin: 0.02,
    alpha: 0.05,
    variants: vs.map((v, i) => ({
      name: v,
      model: `sim/sim-${i}`,
      control: i === 0,
      n: items,
      errors: i,
      errorRate: iv(i / items, 0.002),
      latencyMs: { p50: iv(120 + 15 * i, 6), p95: iv(380 + 40 * i, 25) },
      costUsd: { total: 0.05 * (i + 1), perRequest: (0.05 * (i + 1)) / items },
      tokens: { input: 12 * items, output: 30 * items },
      metrics: Object.fromEntries(
        gs.map((g, k) => [g, { n: items, errors: 0, mean: iv(0.55 + 0.03 * i - 0.01 * k, 0.03), passRate: iv(0.55 + 0.03 * i, 0.03) }]),
      ),
    })),
    comparisons: vs
      .slice(1)
      .flatMap((v, i) =>
        gs.map((g) => ({ variant: v, grader: g, measure: 'pass_rate', n: items, test: 'McNemar', p: 0.01, pAdjusted: 0.02, ...iv(0.03 * (i + 1), 0.025) })),
      ),
    verdicts: vs
      .slice(1)
      .map((v) => ({ variant: v, verdict: 'better', reason: `${v} beats control on grader-0 pass rate.`, guardrails: [], guardrailsOk: true })),
    pareto: ['control', vs.at(-1)],
    notes: [],
  };
  const row = (item: number) => ({
    item,
    input: { messages: [{ role: 'user', content: `Question ${item}: what is the capital of country number ${item}?` }] },
    expected: `Capital ${item}`,
    variants: Object.fromEntries(
      vs.map((v, i) => [
        v,
        {
          ok: true,
          output: `The capital of country ${item} is Capital ${item}${(item + i) % 3 ? '' : ' (probably)'}.`,
          latencyMs: 120 + i,
          costUsd: 0.0001,
          target: `sim/sim-${i}`,
          scores: Object.fromEntries(gs.map((g, j) => [g, { pass: !(j === 0 && (item + i) % 3 === 0), score: null, reason: '' }])),
        },
      ]),
    ),
  });
  const results = (offset: number, limit: number) => ({
    total: items,
    rows: Array.from({ length: Math.max(0, Math.min(limit, items - offset)) }, (_, k) => row(offset + k)),
  });
  return { experiment, progress, report, results };
}
