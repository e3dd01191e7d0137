import { bestOf, expectedValues, type GraderType, GraderError, result } from '../grader.js';

/** The number an answer gives: the last number in the text (answers often end with it), commas and `$` allowed. */
export function extractNumber(s: string): number | undefined {
  const all = [...s.replace(/(\d),(?=\d{3}\b)/g, '$1').matchAll(/-?\d+(?:\.\d+)?(?:e[+-]?\d+)?/gi)];
  if (!all.length) return undefined;
  return Number(all[all.length - 1][0]);
}

export const numeric: GraderType<{ expected?: number; absTolerance?: number; relTolerance?: number }> = {
  type: 'numeric',
  description: 'The number in the output equals the expected number within an absolute or relative tolerance',
  schema: {
    type: 'object',
    properties: {
      expected: { type: 'number' },
      absTolerance: { type: 'number', minimum: 0, default: 0 },
      relTolerance: { type: 'number', minimum: 0, default: 0 },
    },
    additionalProperties: false,
  },
  grade(c, x) {
    const got = extractNumber(x.output);
    if (got === undefined) return result(0, false, 'no number in the output');
    return bestOf(expectedValues(c, x), (e) => {
      const want = typeof e === 'number' ? e : extractNumber(String(e));
      if (want === undefined || Number.isNaN(want)) throw new GraderError(`the expected answer ${JSON.stringify(e)} is not a number`);
      const diff = Math.abs(got - want);
      const ok = diff <= (c.absTolerance ?? 0) || diff <= (c.relTolerance ?? 0) * Math.abs(want) || diff < 1e-9;
      return result(ok ? 1 : 0, ok, ok ? `${got} ≈ ${want}` : `${got}, expected ${want}`);
    });
  },
};
