/**
 * The sample item typed in the Try panel (JSON), read once for both uses: grading it with POST /api/graders/try,
 * and rendering a judge prompt preview with POST /api/templates/validate. The API wants `input` as an object and
 * `metadata`, when given, as one; saying so here puts the problem next to the item instead of in a 400.
 */
export type SampleItem = { ok: true; item: Record<string, unknown> } | { ok: false; problem: string };

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

export function parseSampleItem(text: string): SampleItem {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch (e) {
    return { ok: false, problem: `The item is not valid JSON: ${(e as Error).message}` };
  }
  if (!isObject(v) || !isObject(v.input))
    return { ok: false, problem: 'The item must be a JSON object with `input` (an object; `expected`, `metadata` if it has them).' };
  if (v.metadata !== undefined && !isObject(v.metadata)) return { ok: false, problem: 'The item’s `metadata` must be a JSON object.' };
  return { ok: true, item: v };
}

/** The default sample item of the Try panel. */
export const SAMPLE_ITEM = '{\n  "input": { "question": "What is the capital of France?" },\n  "expected": "Paris"\n}';
