import { countTextTokens } from '../../providers/tokens.js';
import { bestOf, expectedValues, type GraderType, GraderError, result, show } from '../grader.js';

const NORMALIZE = {
  type: 'object',
  description: 'How the output and the expected text are normalised before comparing',
  properties: {
    trim: { type: 'boolean', default: true },
    ignoreCase: { type: 'boolean', default: true },
    collapseWhitespace: { type: 'boolean', default: true },
    stripPunctuation: { type: 'boolean', default: false },
  },
  additionalProperties: false,
} as const;

export interface Normalize {
  trim?: boolean;
  ignoreCase?: boolean;
  collapseWhitespace?: boolean;
  stripPunctuation?: boolean;
}

/** Applies the normalisations (defaults: trim, ignore case, collapse whitespace). */
export function normalize(s: string, n: Normalize = {}): string {
  let out = s.normalize('NFC');
  if (n.stripPunctuation) out = out.replace(/[\p{P}\p{S}]/gu, '');
  if (n.collapseWhitespace ?? true) out = out.replace(/\s+/g, ' ');
  if (n.trim ?? true) out = out.trim();
  if (n.ignoreCase ?? true) out = out.toLowerCase();
  return out;
}

/** The config's own expected answer, which overrides the item's. */
export const EXPECTED = { description: "The answer to compare with, as JSON (a string in quotes); leave empty to use the item's expected answer" };

const text = (v: unknown) => (typeof v === 'string' ? v : JSON.stringify(v));

export const exactMatch: GraderType<{ expected?: unknown; normalize?: Normalize }> = {
  type: 'exact_match',
  description: 'The output equals the expected answer (or one of `any_of`) after normalisation',
  schema: { type: 'object', properties: { expected: EXPECTED, normalize: NORMALIZE }, additionalProperties: false },
  grade(c, x) {
    const out = normalize(x.output, c.normalize);
    return bestOf(expectedValues(c, x), (e) =>
      normalize(text(e), c.normalize) === out ? result(1, true, `matches ${show(e)}`) : result(0, false, `expected ${show(e)}, got ${show(x.output)}`),
    );
  },
};

type Needles = { values: string[]; normalize?: Normalize };
const needles = {
  type: 'object',
  required: ['values'],
  properties: { values: { type: 'array', items: { type: 'string' }, minItems: 1, description: 'One text per line' }, normalize: NORMALIZE },
  additionalProperties: false,
};

function found(c: Needles, output: string): string[] {
  const hay = normalize(output, c.normalize);
  return c.values.filter((v) => hay.includes(normalize(v, c.normalize)));
}

export const contains: GraderType<{ value?: string; values?: string[]; normalize?: Normalize }> = {
  type: 'contains',
  description: 'The output contains the expected answer (or `value`)',
  schema: {
    type: 'object',
    properties: { value: { type: 'string', description: "Leave empty to use the item's expected answer" }, normalize: NORMALIZE },
    additionalProperties: false,
  },
  grade(c, x) {
    const values = c.value !== undefined ? [c.value] : expectedValues({}, x).map(text);
    const hit = found({ values, normalize: c.normalize }, x.output);
    return hit.length ? result(1, true, `contains ${show(hit[0])}`) : result(0, false, `does not contain ${values.map((v) => show(v)).join(' or ')}`);
  },
};

export const containsAny: GraderType<Needles> = {
  type: 'contains_any',
  description: 'The output contains at least one of the values',
  schema: needles,
  grade(c, x) {
    const hit = found(c, x.output);
    return hit.length ? result(1, true, `contains ${show(hit[0])}`) : result(0, false, `contains none of ${show(c.values)}`);
  },
};

export const containsAll: GraderType<Needles> = {
  type: 'contains_all',
  description: 'The output contains every value; the score is the share found',
  schema: needles,
  grade(c, x) {
    const hit = found(c, x.output);
    const missing = c.values.filter((v) => !hit.includes(v));
    return result(hit.length / c.values.length, missing.length === 0, missing.length ? `missing ${show(missing)}` : 'contains all values');
  },
};

export const notContains: GraderType<Needles> = {
  type: 'not_contains',
  description: 'The output contains none of the values (e.g. forbidden words)',
  schema: needles,
  grade(c, x) {
    const hit = found(c, x.output);
    return hit.length ? result(0, false, `contains ${show(hit[0])}`) : result(1, true, 'contains none of the values');
  },
};

export const regex: GraderType<{ pattern: string; flags?: string; mustMatch?: boolean }> = {
  type: 'regex',
  description: 'The output matches (or, with mustMatch=false, does not match) a regular expression',
  schema: {
    type: 'object',
    required: ['pattern'],
    properties: {
      pattern: { type: 'string', minLength: 1, description: 'A JavaScript regular expression, without slashes' },
      flags: { type: 'string', pattern: '^[imsu]*$', description: 'Any of i (ignore case), m, s, u' },
      mustMatch: { type: 'boolean', default: true },
    },
    additionalProperties: false,
  },
  grade(c, x) {
    let re: RegExp;
    try {
      re = new RegExp(c.pattern, c.flags);
    } catch (err) {
      throw new GraderError(`invalid pattern: ${(err as Error).message}`);
    }
    const m = re.test(x.output);
    const want = c.mustMatch ?? true;
    return m === want
      ? result(1, true, m ? `matches /${c.pattern}/` : `does not match /${c.pattern}/`)
      : result(0, false, m ? `matches /${c.pattern}/` : `does not match /${c.pattern}/`);
  },
};

export const startsWith: GraderType<{ value?: string; normalize?: Normalize }> = {
  type: 'starts_with',
  description: 'The output starts with the expected answer (or `value`)',
  schema: {
    type: 'object',
    properties: { value: { type: 'string', description: "Leave empty to use the item's expected answer" }, normalize: NORMALIZE },
    additionalProperties: false,
  },
  grade(c, x) {
    const values = c.value !== undefined ? [c.value] : expectedValues({}, x).map(text);
    const out = normalize(x.output, c.normalize);
    const hit = values.find((v) => out.startsWith(normalize(v, c.normalize)));
    return hit !== undefined ? result(1, true, `starts with ${show(hit)}`) : result(0, false, `does not start with ${values.map((v) => show(v)).join(' or ')}`);
  },
};

export const oneOf: GraderType<{ labels: string[]; normalize?: Normalize }> = {
  type: 'one_of',
  description: 'Classification: the output is one of the labels, and the expected one',
  schema: {
    type: 'object',
    required: ['labels'],
    properties: {
      labels: { type: 'array', items: { type: 'string' }, minItems: 2, description: 'The classes the output may be, one per line' },
      normalize: { ...NORMALIZE },
    },
    additionalProperties: false,
  },
  grade(c, x) {
    const n = { stripPunctuation: true, ...c.normalize };
    const out = normalize(x.output, n);
    const label = c.labels.find((l) => normalize(l, n) === out);
    if (label === undefined) return result(0, false, `${show(x.output)} is not one of the labels ${show(c.labels)}`);
    return bestOf(expectedValues({}, x), (e) =>
      normalize(text(e), n) === out ? result(1, true, `label ${label}`) : result(0, false, `label ${label}, expected ${text(e)}`),
    );
  },
};

export const length: GraderType<{ unit?: 'characters' | 'words' | 'tokens'; min?: number; max?: number }> = {
  type: 'length',
  description: 'The output length in characters, words or tokens is within bounds',
  schema: {
    type: 'object',
    properties: {
      unit: { enum: ['characters', 'words', 'tokens'], default: 'characters' },
      min: { type: 'integer', minimum: 0 },
      max: { type: 'integer', minimum: 0 },
    },
    anyOf: [{ required: ['min'] }, { required: ['max'] }],
    additionalProperties: false,
  },
  grade(c, x) {
    const unit = c.unit ?? 'characters';
    const n =
      unit === 'characters'
        ? [...x.output].length
        : unit === 'words'
          ? x.output.split(/\s+/).filter(Boolean).length
          : (x.outputTokens ?? countTextTokens(x.output));
    const ok = (c.min === undefined || n >= c.min) && (c.max === undefined || n <= c.max);
    return result(ok ? 1 : 0, ok, `${n} ${unit}${c.min !== undefined ? `, min ${c.min}` : ''}${c.max !== undefined ? `, max ${c.max}` : ''}`);
  },
};
