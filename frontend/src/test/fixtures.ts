import type { DatasetVersionDto, ReportDto, RequestLogDto, ResultRowDto } from '../api/types';

/** A logged request with plausible values; `over` replaces any of them. */
export function logRow(over: Partial<RequestLogDto> = {}): RequestLogDto {
  return {
    requestId: 'req-1',
    at: '2026-12-06T10:00:00.000Z',
    keyId: null,
    model: 'sim/sim-small',
    route: null,
    routeVersion: null,
    experimentId: null,
    variant: null,
    target: 'sim/sim-small',
    attempts: [{ target: 'sim/sim-small', latencyMs: 120 }],
    stream: false,
    status: 200,
    errorCode: null,
    errorMessage: null,
    latencyMs: 125,
    ttftMs: null,
    inputTokens: 12,
    outputTokens: 30,
    cachedTokens: 0,
    costUsd: 0.000042,
    cache: null,
    savedUsd: null,
    ...over,
  };
}

/** A fetch that answers JSON from `handler` (by URL, with the request's method) and records every URL asked for. */
export function fakeFetch(handler: (url: URL, method: string) => unknown | Promise<unknown>) {
  const calls: URL[] = [];
  const fetch = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const url = new URL(String(input), 'http://console.test');
    calls.push(url);
    const body = await handler(url, init?.method ?? 'GET');
    if (body instanceof Response) return body;
    return new Response(JSON.stringify(body), { status: 200, headers: { 'content-type': 'application/json' } });
  };
  return { fetch, calls };
}

/** A report of `variants` variants (the first the control) scored by `graders` graders, with plausible figures. */
export function reportDto(variants = 2, graders = 1): ReportDto {
  const names = Array.from({ length: variants }, (_, i) => (i === 0 ? 'control' : `candidate-${i}`));
  const graderNames = Array.from({ length: graders }, (_, g) => `grader-${g}`);
  const iv = (estimate: number, half: number) => ({ estimate, lo: estimate - half, hi: estimate + half });
  return {
    experiment: {},
    control: 'control',
    primaryMetric: { grader: 'grader-0', measure: 'pass_rate' },
    nonInferiorityMargin: 0.02,
    alpha: 0.05,
    variants: names.map((name, i) => ({
      name,
      model: `sim/sim-${i}`,
      control: i === 0,
      n: 1000,
      errors: i,
      errorRate: iv(i / 1000, 0.001),
      latencyMs: { p50: iv(100 + 10 * i, 5), p95: iv(300 + 20 * i, 15) },
      costUsd: { total: 0.1 * (i + 1), perRequest: 0.0001 * (i + 1) },
      tokens: { input: 12_000, output: 30_000 },
      metrics: Object.fromEntries(
        graderNames.map((g, k) => [g, { n: 1000, errors: 0, mean: iv(0.5 + 0.03 * i - 0.01 * k, 0.03), passRate: iv(0.5 + 0.03 * i, 0.03) }]),
      ),
    })),
    comparisons: [],
    verdicts: [],
    pareto: names.length > 1 ? [names[0]!, names.at(-1)!] : [names[0]!],
    notes: [],
  };
}

/** `n` per-item result rows for the given variants and graders; every third answer fails its first grader. */
export function resultRows(n: number, variants: string[], graders: string[], from = 0): ResultRowDto[] {
  return Array.from({ length: n }, (_, k) => {
    const item = from + k;
    return {
      item,
      input: { messages: [{ role: 'user', content: `Question number ${item}?` }] },
      expected: `answer ${item}`,
      variants: Object.fromEntries(
        variants.map((v, i) => [
          v,
          {
            ok: true,
            output: `Answer ${item} from ${v}`,
            latencyMs: 100 + i,
            costUsd: 0.0001,
            target: `sim/${v}`,
            scores: Object.fromEntries(graders.map((g, j) => [g, { pass: !(j === 0 && (item + i) % 3 === 0), score: null, reason: '' }])),
          },
        ]),
      ),
    };
  });
}

/** A dataset version as the API lists it: `n` numbers it, its item count and date follow from it. */
export function datasetVersion(n: number, over: Partial<DatasetVersionDto> = {}): DatasetVersionDto {
  return {
    version: n,
    format: 'jsonl',
    source: 'upload',
    rows: 10 * n,
    skipped: 0,
    fields: { input: { question: 10 * n }, metadata: {}, withExpected: 0 },
    createdAt: `2026-12-0${n}T10:00:00.000Z`,
    ...over,
  };
}
