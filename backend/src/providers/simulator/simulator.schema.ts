import { intBetween, pick, type Rng } from './simulator.random.js';

type Schema = Record<string, unknown>;

/** What generated values are drawn from. */
export interface SchemaContext {
  rng: Rng;
  /** Key words of the user's message, for free-text strings. */
  words: string[];
  /** Names in the user's message ("Paris", "New York"), preferred for short strings such as a city. */
  names: string[];
  /** The model's short answer, put into a top-level `answer`/`result` property so graders can check it. */
  answer?: string | number;
  /** The whole schema, against which local `$ref`s (`#/$defs/...`) resolve. */
  root: Schema;
}

// Recursive schemas (trees, linked lists) stop growing here: only required properties and minimum items.
const MAX_DEPTH = 5;
const ANSWER_PROPERTY = /^(answer|result|value|output|capital)$/i;
const FREE_TEXT = /query|search|text|prompt|question|message|content|description|summary|topic|reason|comment|note/i;

function isSchema(v: unknown): v is Schema {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function resolveRef(ref: string, root: Schema): Schema {
  if (!ref.startsWith('#')) return {};
  let node: unknown = root;
  for (const part of ref.slice(1).split('/').filter(Boolean)) {
    node = isSchema(node) ? node[part.replace(/~1/g, '/').replace(/~0/g, '~')] : undefined;
  }
  return isSchema(node) ? node : {};
}

/** Folds `$ref`, `allOf` and the first non-null `anyOf`/`oneOf` branch into one plain schema. */
function normalise(schema: Schema, root: Schema, hops = 0): Schema {
  if (hops > 16) return {};
  if (typeof schema.$ref === 'string') return normalise({ ...resolveRef(schema.$ref, root), ...schema, $ref: undefined }, root, hops + 1);
  const branches = (schema.anyOf ?? schema.oneOf) as unknown[] | undefined;
  if (Array.isArray(branches) && branches.length) {
    const branch = branches.filter(isSchema).find((b) => b.type !== 'null') ?? {};
    return normalise({ ...schema, anyOf: undefined, oneOf: undefined, ...branch }, root, hops + 1);
  }
  if (Array.isArray(schema.allOf)) {
    let merged: Schema = { ...schema, allOf: undefined };
    for (const part of schema.allOf.filter(isSchema).map((p) => normalise(p, root, hops + 1))) {
      merged = {
        ...merged,
        ...part,
        properties: { ...(merged.properties as Schema), ...(part.properties as Schema) },
        required: [...((merged.required as string[]) ?? []), ...((part.required as string[]) ?? [])],
      };
    }
    return merged;
  }
  return schema;
}

function typeOf(s: Schema): string {
  const t = Array.isArray(s.type) ? (s.type.find((x) => x !== 'null') ?? 'null') : s.type;
  if (typeof t === 'string') return t;
  if (isSchema(s.properties)) return 'object';
  if (isSchema(s.items)) return 'array';
  return 'string';
}

function bounds(s: Schema, integer: boolean): [number, number] {
  const num = (v: unknown) => (typeof v === 'number' ? v : undefined);
  const step = integer ? 1 : 0.01;
  let lo = num(s.minimum) ?? (num(s.exclusiveMinimum) !== undefined ? num(s.exclusiveMinimum)! + step : undefined);
  let hi = num(s.maximum) ?? (num(s.exclusiveMaximum) !== undefined ? num(s.exclusiveMaximum)! - step : undefined);
  lo ??= hi !== undefined ? Math.min(1, hi) : 1;
  hi ??= lo + 99;
  return integer ? [Math.ceil(lo), Math.max(Math.ceil(lo), Math.floor(hi))] : [lo, Math.max(lo, hi)];
}

function stringFor(s: Schema, name: string, top: boolean, ctx: SchemaContext): string {
  const { rng } = ctx;
  const two = (n: number) => String(n).padStart(2, '0');
  const day = () => `2025-${two(intBetween(rng, 1, 12))}-${two(intBetween(rng, 1, 28))}`;
  const hex = (n: number) => Array.from({ length: n }, () => Math.floor(rng() * 16).toString(16)).join('');
  const formats: Record<string, () => string> = {
    date: day,
    'date-time': () => `${day()}T${two(intBetween(rng, 0, 23))}:${two(intBetween(rng, 0, 59))}:00Z`,
    email: () => `${(ctx.words[0] ?? '').toLowerCase().replace(/[^a-z0-9]/g, '') || 'user'}@example.com`,
    uri: () => `https://example.com/${hex(8)}`,
    uuid: () => `${hex(8)}-${hex(4)}-4${hex(3)}-8${hex(3)}-${hex(12)}`,
  };
  let out: string;
  if (typeof s.format === 'string' && Object.hasOwn(formats, s.format)) out = formats[s.format]();
  else if (top && ctx.answer !== undefined && ANSWER_PROPERTY.test(name)) out = String(ctx.answer);
  else if (FREE_TEXT.test(name) && ctx.words.length) out = ctx.words.slice(0, 4).join(' ');
  else if (ctx.names.length) out = pick(rng, ctx.names);
  else out = ctx.words.length ? pick(rng, ctx.words) : name || 'example';
  const min = typeof s.minLength === 'number' ? s.minLength : 0;
  const max = typeof s.maxLength === 'number' ? s.maxLength : Infinity;
  while (out.length < min) out += out ? ` ${out}` : 'x';
  return Array.from(out).slice(0, max).join('');
}

/**
 * A value that satisfies `schema`'s types, enums, bounds, lengths and required properties, drawn from
 * the context. Every declared property is present (strict-mode tool schemas require them all).
 * Not honoured: `pattern`, `multipleOf`, `uniqueItems`, `not`, `if`/`then`, `patternProperties`.
 */
export function valueForSchema(schema: unknown, ctx: SchemaContext, name = '', depth = 0): unknown {
  if (depth > 4 * MAX_DEPTH) return null; // a schema that requires itself forever has no finite instance
  const s = normalise(isSchema(schema) ? schema : {}, ctx.root);
  if ('const' in s) return s.const;
  if (Array.isArray(s.enum) && s.enum.length) return pick(ctx.rng, s.enum);
  switch (typeOf(s)) {
    case 'null':
      return null;
    case 'boolean':
      return ctx.rng() < 0.5;
    case 'integer':
    case 'number': {
      const integer = typeOf(s) === 'integer';
      if (depth === 1 && ctx.answer !== undefined && ANSWER_PROPERTY.test(name) && typeof ctx.answer === 'number') {
        if (!integer || Number.isInteger(ctx.answer)) return ctx.answer;
      }
      const [lo, hi] = bounds(s, integer);
      return integer ? intBetween(ctx.rng, lo, hi) : Math.min(hi, Math.max(lo, Math.round((lo + ctx.rng() * (hi - lo)) * 100) / 100));
    }
    case 'array': {
      const min = typeof s.minItems === 'number' ? s.minItems : depth >= MAX_DEPTH ? 0 : 1;
      const max = typeof s.maxItems === 'number' ? s.maxItems : Math.max(min, 3);
      const count = depth >= MAX_DEPTH ? min : intBetween(ctx.rng, min, Math.min(max, Math.max(min, 3)));
      return Array.from({ length: count }, () => valueForSchema(s.items, ctx, name, depth + 1));
    }
    case 'object': {
      const props = isSchema(s.properties) ? s.properties : {};
      const required = new Set(Array.isArray(s.required) ? (s.required as string[]) : []);
      const out: Record<string, unknown> = {};
      for (const [key, sub] of Object.entries(props)) {
        if (depth < MAX_DEPTH || required.has(key)) out[key] = valueForSchema(sub, ctx, key, depth + 1);
      }
      return out;
    }
    default:
      return stringFor(s, name, depth === 1, ctx);
  }
}
