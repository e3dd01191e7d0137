import { mcnemarExact, pairedTTest } from '../../reports/stats/paired.js';
import type { BaselineVerdict } from './gate.js';

/** Per item (external id, or `#index` when the item has none): the primary metric, 0/1 for a pass rate; null when unscored. */
export type ItemValues = Record<string, number | null>;

const pct = (x: number) => `${x >= 0 ? '+' : '−'}${Math.abs(100 * x).toFixed(1)}%`;
const num = (x: number) => `${x >= 0 ? '+' : '−'}${Math.abs(x).toFixed(3)}`;

/**
 * Compares a variant of this run with the baseline run, paired by item: exact McNemar on pass/fail, paired t on
 * scores, as the report does inside one run. Items unscored on either side are left out (and counted).
 */
export function compareWithBaseline(variant: string, current: ItemValues, baseline: ItemValues, measure: 'pass_rate' | 'score', alpha = 0.05): BaselineVerdict {
  let n = 0;
  let a = 0;
  let b = 0;
  let c = 0;
  let sum = 0;
  let sumSq = 0;
  let unpaired = 0;
  for (const [key, base] of Object.entries(baseline)) {
    const cur = current[key];
    if (base === null || cur === null || cur === undefined) {
      unpaired++;
      continue;
    }
    n++;
    if (measure === 'pass_rate') {
      if (base >= 1 && cur >= 1) a++;
      else if (base >= 1) b++;
      else if (cur >= 1) c++;
    }
    const d = cur - base;
    sum += d;
    sumSq += d * d;
  }
  const left = unpaired ? ` (${unpaired} item${unpaired > 1 ? 's' : ''} unscored or missing on one side left out)` : '';
  if (n < 2) return { variant, verdict: 'inconclusive', reason: `Only ${n} item${n === 1 ? '' : 's'} scored in both this run and the baseline${left}.` };
  const mean = sum / n;
  const sd = Math.sqrt(Math.max(0, (sumSq - n * mean * mean) / (n - 1)));
  const t = measure === 'pass_rate' ? mcnemarExact(b, c, n, a) : pairedTTest({ n, mean, sd });
  const fmt = measure === 'pass_rate' ? pct : num;
  const what = `${measure === 'pass_rate' ? 'pass rate' : 'score'} ${fmt(t.estimate)} (95% CI ${fmt(t.lo)} to ${fmt(t.hi)}, ${t.test} p = ${t.p.toPrecision(2)}, ${n} items)`;
  if (t.p < alpha && t.estimate < 0) return { variant, verdict: 'worse', reason: `${variant} is worse than the baseline: ${what}${left}.` };
  if (t.p < alpha && t.estimate > 0) return { variant, verdict: 'better', reason: `${variant} is better than the baseline: ${what}${left}.` };
  return { variant, verdict: 'inconclusive', reason: `No significant difference from the baseline: ${what}${left}.` };
}
