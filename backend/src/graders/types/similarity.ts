import { bestOf, expectedValues, type GraderType, result } from '../grader.js';
import { EXPECTED, normalize } from './text.js';

/** Levenshtein distance by the two-row dynamic programme (code points). */
export function levenshtein(a: string, b: string): number {
  const s = [...a];
  const t = [...b];
  let prev = Array.from({ length: t.length + 1 }, (_, j) => j);
  for (let i = 1; i <= s.length; i++) {
    const cur = [i];
    for (let j = 1; j <= t.length; j++) cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (s[i - 1] === t[j - 1] ? 0 : 1));
    prev = cur;
  }
  return prev[t.length];
}

const tokens = (s: string) => normalize(s, { stripPunctuation: true }).split(' ').filter(Boolean);

/** Length of the longest common subsequence of two token lists. */
function lcs(a: string[], b: string[]): number {
  let prev = new Array<number>(b.length + 1).fill(0);
  for (let i = 1; i <= a.length; i++) {
    const cur = [0];
    for (let j = 1; j <= b.length; j++) cur[j] = a[i - 1] === b[j - 1] ? prev[j - 1] + 1 : Math.max(prev[j], cur[j - 1]);
    prev = cur;
  }
  return prev[b.length];
}

/** ROUGE-L F1 over tokens. */
export function rougeL(candidate: string, reference: string): number {
  const c = tokens(candidate);
  const r = tokens(reference);
  if (!c.length || !r.length) return c.length === r.length ? 1 : 0;
  const l = lcs(c, r);
  if (l === 0) return 0;
  const p = l / c.length;
  const rec = l / r.length;
  return (2 * p * rec) / (p + rec);
}

/** Sentence BLEU with up to 4-grams, add-one smoothing for n > 1 (Lin & Och), and the brevity penalty. */
export function bleu(candidate: string, reference: string, maxN = 4): number {
  const c = tokens(candidate);
  const r = tokens(reference);
  if (!c.length) return 0;
  let logSum = 0;
  const n = Math.min(maxN, c.length);
  for (let k = 1; k <= n; k++) {
    const counts = new Map<string, number>();
    for (let i = 0; i + k <= r.length; i++) {
      const g = r.slice(i, i + k).join(' ');
      counts.set(g, (counts.get(g) ?? 0) + 1);
    }
    let match = 0;
    let total = 0;
    for (let i = 0; i + k <= c.length; i++) {
      total++;
      const g = c.slice(i, i + k).join(' ');
      const left = counts.get(g) ?? 0;
      if (left > 0) {
        match++;
        counts.set(g, left - 1);
      }
    }
    const precision = k === 1 ? match / total : (match + 1) / (total + 1);
    if (precision === 0) return 0;
    logSum += Math.log(precision);
  }
  const bp = c.length > r.length ? 1 : Math.exp(1 - r.length / c.length);
  return bp * Math.exp(logSum / n);
}

const text = (v: unknown) => (typeof v === 'string' ? v : JSON.stringify(v));
const threshold = { type: 'number', minimum: 0, maximum: 1 };

function similarity(
  type: string,
  description: string,
  fn: (a: string, b: string) => number,
  defaultThreshold: number,
): GraderType<{ expected?: unknown; threshold?: number }> {
  return {
    type,
    description,
    schema: {
      type: 'object',
      properties: { expected: EXPECTED, threshold: { ...threshold, default: defaultThreshold, description: 'The lowest score that passes' } },
      additionalProperties: false,
    },
    grade(c, x) {
      const t = c.threshold ?? defaultThreshold;
      return bestOf(expectedValues(c, x), (e) => {
        const s = fn(x.output, text(e));
        return result(s, s >= t, `${type} ${s.toFixed(3)} (threshold ${t})`);
      });
    },
  };
}

export const levenshteinSimilarity = similarity(
  'levenshtein',
  '1 − edit distance / longer length, after normalisation; passes at the threshold',
  (a, b) => {
    const x = normalize(a);
    const y = normalize(b);
    const longest = Math.max([...x].length, [...y].length);
    return longest === 0 ? 1 : 1 - levenshtein(x, y) / longest;
  },
  0.8,
);
export const rougeLGrader = similarity('rouge_l', 'ROUGE-L F1 between output and expected text', rougeL, 0.5);
export const bleuGrader = similarity('bleu', 'Sentence BLEU-4 (smoothed) of the output against the expected text', (a, b) => bleu(a, b), 0.3);
