import { Ajv2020 } from 'ajv/dist/2020.js';
import { isDeepStrictEqual } from 'node:util';
import { expectedValues, type GradeInput, type GraderType, GraderError, result, show } from '../grader.js';

/** Finds the JSON in an output: the whole text, else a fenced ```json block, else the first {...} or [...] span. */
export function extractJson(output: string): { ok: true; value: unknown } | { ok: false; reason: string } {
  const candidates = [output.trim()];
  const fence = /```(?:json)?\s*([\s\S]*?)```/i.exec(output);
  if (fence) candidates.push(fence[1].trim());
  const start = output.search(/[[{]/);
  if (start >= 0) candidates.push(output.slice(start, Math.max(output.lastIndexOf('}'), output.lastIndexOf(']')) + 1));
  let reason = 'no JSON found';
  for (const c of candidates) {
    if (!c) continue;
    try {
      return { ok: true, value: JSON.parse(c) };
    } catch (err) {
      reason = (err as Error).message.replace(/, (\.\.\.)?".*" is not valid JSON$/s, '');
    }
  }
  return { ok: false, reason };
}

function parsedOrFail(x: GradeInput): { value: unknown } | { fail: ReturnType<typeof result> } {
  const j = extractJson(x.output);
  return j.ok ? { value: j.value } : { fail: result(0, false, `not JSON: ${j.reason}`) };
}

export const jsonValid: GraderType<{ requireObject?: boolean }> = {
  type: 'json_valid',
  description: 'The output is (or contains, in a ```json block) valid JSON',
  schema: { type: 'object', properties: { requireObject: { type: 'boolean', default: false } }, additionalProperties: false },
  grade(c, x) {
    const p = parsedOrFail(x);
    if ('fail' in p) return p.fail;
    if (c.requireObject && (typeof p.value !== 'object' || p.value === null || Array.isArray(p.value))) return result(0, false, 'valid JSON but not an object');
    return result(1, true, 'valid JSON');
  },
};

const ajv = new Ajv2020({ allErrors: true, strict: false });
const compiled = new WeakMap<object, ReturnType<typeof ajv.compile>>();

export const jsonSchema: GraderType<{ schema: Record<string, unknown> }> = {
  type: 'json_schema',
  description: 'The output is JSON valid against a JSON Schema (draft 2020-12, ajv); the score is 1 minus the share of failed checks',
  schema: { type: 'object', required: ['schema'], properties: { schema: { type: 'object' } }, additionalProperties: false },
  grade(c, x) {
    let validate = compiled.get(c.schema);
    if (!validate) {
      try {
        validate = ajv.compile(c.schema);
      } catch (err) {
        throw new GraderError(`invalid JSON Schema: ${(err as Error).message}`);
      }
      compiled.set(c.schema, validate);
    }
    const p = parsedOrFail(x);
    if ('fail' in p) return p.fail;
    if (validate(p.value)) return result(1, true, 'matches the schema');
    const errs = validate.errors ?? [];
    return result(
      0,
      false,
      errs
        .slice(0, 3)
        .map((e) => `${e.instancePath || '/'} ${e.message}`)
        .join('; '),
    );
  },
};

/** Reads `a.b[0].c` out of a JSON value. */
export function atPath(value: unknown, path: string): { found: boolean; value?: unknown } {
  let cur: unknown = value;
  for (const m of path.matchAll(/([^.[\]]+)|\[(\d+)\]/g)) {
    const key = m[2] !== undefined ? Number(m[2]) : m[1];
    if (cur === null || typeof cur !== 'object' || !(key in (cur as object))) return { found: false };
    cur = (cur as Record<string | number, unknown>)[key];
  }
  return { found: true, value: cur };
}

export const jsonField: GraderType<{ path: string; expected?: unknown }> = {
  type: 'json_field',
  description: 'A field of the JSON output (path like `order.items[0].sku`) equals the expected value (or the same field of the expected answer)',
  schema: { type: 'object', required: ['path'], properties: { path: { type: 'string', minLength: 1 }, expected: {} }, additionalProperties: false },
  grade(c, x) {
    const p = parsedOrFail(x);
    if ('fail' in p) return p.fail;
    const got = atPath(p.value, c.path);
    if (!got.found) return result(0, false, `no field ${c.path}`);
    let want: unknown;
    if (c.expected !== undefined) want = c.expected;
    else {
      const e = expectedValues({}, x)[0];
      const field = atPath(e, c.path);
      if (!field.found) throw new GraderError(`the expected answer has no field ${c.path}`);
      want = field.value;
    }
    return isDeepStrictEqual(got.value, want)
      ? result(1, true, `${c.path} = ${show(want)}`)
      : result(0, false, `${c.path} is ${show(got.value)}, expected ${show(want)}`);
  },
};
