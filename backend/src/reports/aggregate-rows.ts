import type { ScoreAggregate, VariantAggregate } from './report-builder.js';

type Row = Record<string, unknown>;

/** A SQL aggregate as a number: `count`/`sum` come back as strings from pg, and as null over no rows. */
export const num = (v: unknown): number => (v === null || v === undefined ? 0 : Number(v));

/** One variant's row of the grouped query (n, errors, cost, input_tokens, output_tokens) with its latency sample. */
export function variantAggregate(r: Row, sample: Row[], p50: number | null, p95: number | null): VariantAggregate {
  return {
    variant: String(r.variant),
    n: num(r.n),
    errors: num(r.errors),
    costUsd: num(r.cost),
    inputTokens: num(r.input_tokens),
    outputTokens: num(r.output_tokens),
    latencies: sample.filter((s) => s.variant === r.variant).map((s) => Number(s.latency_ms)),
    p50,
    p95,
  };
}

/** One (grader, variant) row of the grouped scores query (n, mean, sd, passes, errors). */
export function scoreAggregate(grader: string, r: Row): ScoreAggregate {
  return { grader, variant: String(r.variant), n: num(r.n), mean: num(r.mean), sd: num(r.sd), passes: num(r.passes), errors: num(r.errors) };
}
