import type { ExperimentSpec } from '../experiments/core/experiment-spec.js';
import type { Report } from './report-builder.js';

export type StopDecision = { stop: boolean; reason: string };

const DECIDED = new Set(['better', 'worse', 'non-inferior and cheaper']);

/**
 * Whether a running live or shadow experiment's stopping rule is met, from its current report:
 * `sample_size` when every variant has n observations of the primary metric, `duration` when the hours
 * have passed, `sequential` when every candidate has a verdict (the verdicts of a live report use
 * always-valid inference, so checking often does not inflate errors) or the optional cap n is reached.
 * Pure.
 */
export function stoppingDecision(spec: ExperimentSpec, report: Pick<Report, 'variants' | 'verdicts'>, elapsedHours: number): StopDecision {
  const counts = report.variants.map((v) => v.metrics[spec.primaryMetric.grader]?.n ?? 0);
  const least = Math.min(...counts);
  const { rule, n, hours } = spec.stopping;
  if (rule === 'duration' && hours !== undefined && elapsedHours >= hours) return { stop: true, reason: `ran its ${hours} h` };
  if (n !== undefined && least >= n) return { stop: true, reason: `every variant has ${n} observations of ${spec.primaryMetric.grader}` };
  if (rule === 'sequential' && report.verdicts.length > 0 && report.verdicts.every((v) => DECIDED.has(v.verdict)))
    return { stop: true, reason: `every candidate has a verdict (${report.verdicts.map((v) => `${v.variant}: ${v.verdict}`).join(', ')})` };
  return { stop: false, reason: `${least} observations in the smallest variant` };
}

/**
 * The candidate an automatic promotion picks: the better one with its guardrails held (the largest
 * effect, if several), or with `better-or-cheaper`, failing that, the cheapest non-inferior one. Pure.
 */
export function winnerOf(
  report: Pick<Report, 'variants' | 'verdicts' | 'comparisons' | 'primaryMetric'>,
  mode: 'better' | 'better-or-cheaper',
): string | undefined {
  const ok = report.verdicts.filter((v) => v.guardrailsOk);
  const effect = (name: string) => report.comparisons.find((c) => c.variant === name && c.grader === report.primaryMetric.grader)?.estimate ?? 0;
  const better = ok.filter((v) => v.verdict === 'better').sort((a, b) => effect(b.variant) - effect(a.variant));
  if (better.length) return better[0].variant;
  if (mode !== 'better-or-cheaper') return undefined;
  const cost = (name: string) => report.variants.find((v) => v.name === name)?.costUsd.perRequest ?? Infinity;
  const cheaper = ok.filter((v) => v.verdict === 'non-inferior and cheaper').sort((a, b) => cost(a.variant) - cost(b.variant));
  return cheaper[0]?.variant;
}
