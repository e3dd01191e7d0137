/**
 * A form generated from a grader type's config schema (the JSON Schema GET /api/graders/types serves): the
 * fields to render, the form values for a config, and the config (with its problems) for the form values.
 * Whatever the form cannot represent (free JSON like `expected`, arrays of objects) is a JSON field.
 */

export interface JsonSchema {
  type?: string | string[];
  enum?: unknown[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  additionalProperties?: boolean | JsonSchema;
  anyOf?: JsonSchema[];
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  minLength?: number;
  pattern?: string;
  minItems?: number;
  minProperties?: number;
  default?: unknown;
  description?: string;
  contentMediaType?: string;
}

interface Common {
  /** Dotted path in the config (`normalize.trim`); also the key of its value and of its problems. */
  path: string;
  label: string;
  required: boolean;
  description?: string;
  default?: unknown;
}

export type Field = Common &
  (
    | { kind: 'string'; minLength?: number; pattern?: string }
    /** Prose or a Handlebars template: a textarea, or the template editor. */
    | { kind: 'text' | 'template'; minLength?: number }
    | { kind: 'number'; integer: boolean; min?: number; max?: number; exclusiveMin?: number; exclusiveMax?: number }
    | { kind: 'boolean' }
    | { kind: 'enum'; options: string[] }
    /** An array of strings, one per line. */
    | { kind: 'list'; minItems?: number }
    /** An object of numbers by free keys (`choices`), one `key = number` per line. */
    | { kind: 'map'; minProperties?: number; min?: number; max?: number }
    | { kind: 'object'; fields: Field[]; atLeastOne?: string[] }
    /**
     * A list of other graders (`composite`): each a type, its config and, when the schema has one, a weight.
     * Its form value is the list as JSON; SubGraders.vue edits it with a form per sub-grader.
     */
    | { kind: 'graders'; minItems?: number; weight?: NumberField }
    | { kind: 'json' }
  );

export type NumberField = Extract<Field, { kind: 'number' }>;

/** What the inputs hold, by field path: text for text inputs and textareas, true/false for checkboxes. */
export type FormValues = Record<string, string | boolean>;

export interface Problem {
  path: string;
  message: string;
}

const TEMPLATE_TYPES = new Set(['text/x-handlebars-template', 'text/x-handlebars']);

const label = (key: string) => key.replace(/([a-z])([A-Z])/g, '$1 $2').replace(/_/g, ' ');
const isType = (s: JsonSchema, t: string) => s.type === t || (Array.isArray(s.type) && s.type.length === 1 && s.type[0] === t);

/** An array of `{type, config, weight?}`: graders a composite grader combines. */
function isGraderList(s: JsonSchema): boolean {
  const p = s.items?.properties;
  if (!isType(s, 'array') || !s.items || !p?.type || !p.config) return false;
  return isType(p.type, 'string') && isType(p.config, 'object') && Object.keys(p).every((k) => k === 'type' || k === 'config' || k === 'weight');
}

function field(key: string, path: string, s: JsonSchema, required: boolean): Field {
  const common: Common = { path, label: label(key), required, description: s.description, default: s.default };
  if (Array.isArray(s.enum) && s.enum.every((v) => typeof v === 'string')) return { ...common, kind: 'enum', options: s.enum as string[] };
  if (isType(s, 'string')) {
    if (s.contentMediaType && TEMPLATE_TYPES.has(s.contentMediaType)) return { ...common, kind: 'template', minLength: s.minLength };
    if (s.contentMediaType) return { ...common, kind: 'text', minLength: s.minLength };
    return { ...common, kind: 'string', minLength: s.minLength, pattern: s.pattern };
  }
  if (isType(s, 'number') || isType(s, 'integer'))
    return {
      ...common,
      kind: 'number',
      integer: isType(s, 'integer'),
      min: s.minimum,
      max: s.maximum,
      exclusiveMin: s.exclusiveMinimum,
      exclusiveMax: s.exclusiveMaximum,
    };
  if (isType(s, 'boolean')) return { ...common, kind: 'boolean' };
  if (isGraderList(s)) {
    const w = s.items!.properties!.weight;
    const weight = w && field('weight', 'weight', w, false);
    return { ...common, kind: 'graders', minItems: s.minItems, weight: weight?.kind === 'number' ? weight : undefined };
  }
  if (isType(s, 'array') && s.items && isType(s.items, 'string') && !s.items.enum) return { ...common, kind: 'list', minItems: s.minItems };
  if (isType(s, 'object') && s.properties && Object.keys(s.properties).length && !s.anyOf) {
    return { ...common, kind: 'object', fields: schemaFields(s, path) };
  }
  const extra = s.additionalProperties;
  if (isType(s, 'object') && !s.properties && typeof extra === 'object' && (isType(extra, 'number') || isType(extra, 'integer')))
    return { ...common, kind: 'map', minProperties: s.minProperties, min: extra.minimum, max: extra.maximum };
  return { ...common, kind: 'json' };
}

/** The fields of an object schema, in the schema's order; `prefix` is the path of the object itself. */
export function schemaFields(schema: JsonSchema, prefix = ''): Field[] {
  const required = new Set(schema.required ?? []);
  return Object.entries(schema.properties ?? {}).map(([key, s]) => field(key, prefix ? `${prefix}.${key}` : key, s, required.has(key)));
}

/** Properties of which at least one must be set (`anyOf: [{required: [a]}, {required: [b]}]`), if the schema says so. */
export function atLeastOneOf(schema: JsonSchema): string[] | undefined {
  const names = schema.anyOf?.map((s) => (s.required?.length === 1 && Object.keys(s).length === 1 ? s.required[0] : undefined));
  return names?.length && names.every((n) => n !== undefined) ? (names as string[]) : undefined;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * The form values for a config. Keys the fields do not cover, and values of the wrong shape, are returned as
 * `unrepresentable`: the form cannot show them, so the console keeps the JSON editor open.
 */
export function valuesFor(fields: Field[], config: Record<string, unknown>): { values: FormValues; unrepresentable: string[] } {
  const values: FormValues = {};
  const unrepresentable: string[] = [];
  const fill = (fs: Field[], obj: Record<string, unknown>, prefix: string) => {
    const known = new Set(fs.map((f) => f.path));
    for (const key of Object.keys(obj)) if (!known.has(prefix ? `${prefix}.${key}` : key)) unrepresentable.push(prefix ? `${prefix}.${key}` : key);
    for (const f of fs) {
      const key = f.path.slice(prefix ? prefix.length + 1 : 0);
      const v = obj[key];
      if (f.kind === 'object') {
        if (v !== undefined && !isObject(v)) unrepresentable.push(f.path);
        fill(f.fields, isObject(v) ? v : {}, f.path);
        continue;
      }
      if (f.kind === 'boolean') {
        if (v !== undefined && typeof v !== 'boolean') unrepresentable.push(f.path);
        values[f.path] = typeof v === 'boolean' ? v : f.default === true;
        continue;
      }
      values[f.path] = '';
      if (v === undefined) continue;
      if (f.kind === 'list' && Array.isArray(v) && v.every((x) => typeof x === 'string' && !x.includes('\n'))) values[f.path] = v.join('\n');
      else if (f.kind === 'map' && isObject(v) && Object.values(v).every((x) => typeof x === 'number'))
        values[f.path] = Object.entries(v)
          .map(([k, n]) => `${k} = ${n}`)
          .join('\n');
      else if (f.kind === 'number' && typeof v === 'number') values[f.path] = String(v);
      else if ((f.kind === 'string' || f.kind === 'text' || f.kind === 'template' || f.kind === 'enum') && typeof v === 'string') values[f.path] = v;
      else if (f.kind === 'json') values[f.path] = JSON.stringify(v, null, 2);
      else if (f.kind === 'graders' && isGraderSpecs(v, !!f.weight)) values[f.path] = JSON.stringify(v);
      else unrepresentable.push(f.path);
    }
  };
  fill(fields, config, '');
  return { values, unrepresentable };
}

/** A sub-grader as a composite's config lists it. */
export interface SubGraderSpec {
  type: string;
  config?: Record<string, unknown>;
  weight?: number;
}

/** Whether a value is a list of sub-graders the form can show (no keys it does not know). */
export function isGraderSpecs(v: unknown, weighted: boolean): v is SubGraderSpec[] {
  return (
    Array.isArray(v) &&
    v.every(
      (g) =>
        isObject(g) &&
        typeof g.type === 'string' &&
        (g.config === undefined || isObject(g.config)) &&
        (g.weight === undefined || (weighted && typeof g.weight === 'number')) &&
        Object.keys(g).every((k) => k === 'type' || k === 'config' || k === 'weight'),
    )
  );
}

/** Why a number does not fit its field, or `undefined` when it does. */
export function numberProblem(f: NumberField, n: number): string | undefined {
  if (!Number.isFinite(n)) return 'must be a number';
  if (f.integer && !Number.isInteger(n)) return 'must be a whole number';
  if (f.min !== undefined && n < f.min) return `must be at least ${f.min}`;
  if (f.max !== undefined && n > f.max) return `must be at most ${f.max}`;
  if (f.exclusiveMin !== undefined && n <= f.exclusiveMin) return `must be more than ${f.exclusiveMin}`;
  if (f.exclusiveMax !== undefined && n >= f.exclusiveMax) return `must be less than ${f.exclusiveMax}`;
  return undefined;
}

const lines = (text: string) =>
  text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);

/** One field's value in the config, `undefined` to leave it out (empty, or the default of a checkbox), or its problem. */
function read(f: Field, values: FormValues, problems: Problem[]): unknown {
  const raw = values[f.path];
  const problem = (message: string) => void problems.push({ path: f.path, message });
  if (f.kind === 'boolean') {
    const on = raw === true;
    return on === (f.default === true) ? undefined : on;
  }
  const text = typeof raw === 'string' ? raw : '';
  if (f.kind === 'object') return undefined;
  if (f.kind === 'graders') {
    // The list comes from SubGraders.vue, which reports the problems of each sub-grader itself.
    let list: SubGraderSpec[];
    try {
      list = text.trim() ? (JSON.parse(text) as SubGraderSpec[]) : [];
    } catch (e) {
      problem(`is not valid JSON: ${(e as Error).message}`);
      return undefined;
    }
    const min = Math.max(f.minItems ?? 0, f.required ? 1 : 0);
    if (list.length < min) problem(`needs at least ${min} sub-${min === 1 ? 'grader' : 'graders'}`);
    return list.length || f.required ? list : undefined;
  }
  if (text.trim() === '') {
    if (f.required) problem('is required');
    return undefined;
  }
  switch (f.kind) {
    case 'string':
    case 'text':
    case 'template':
      if (f.minLength !== undefined && text.length < f.minLength) problem(`must be at least ${f.minLength} characters`);
      else if (f.kind === 'string' && f.pattern && !new RegExp(f.pattern, 'u').test(text)) problem(`must match ${f.pattern}`);
      return text;
    case 'enum':
      if (!f.options.includes(text)) problem(`must be one of ${f.options.join(', ')}`);
      return text;
    case 'number': {
      const n = Number(text.trim());
      const p = numberProblem(f, n);
      if (p) problem(p);
      return n;
    }
    case 'list': {
      const items = lines(text);
      if (f.minItems !== undefined && items.length < f.minItems) problem(`needs at least ${f.minItems} ${f.minItems === 1 ? 'line' : 'lines'}`);
      return items;
    }
    case 'map': {
      const out: Record<string, number> = {};
      for (const [i, line] of lines(text).entries()) {
        const m = /^(.+?)\s*[=:]\s*(\S+)$/.exec(line);
        const n = m ? Number(m[2]) : NaN;
        if (!m || !Number.isFinite(n)) problem(`line ${i + 1}: write it as \`key = number\``);
        else if ((f.min !== undefined && n < f.min) || (f.max !== undefined && n > f.max))
          problem(`line ${i + 1}: ${m[1]} must be between ${f.min ?? '-∞'} and ${f.max ?? '∞'}`);
        else out[m[1]!] = n;
      }
      if (f.minProperties !== undefined && Object.keys(out).length < f.minProperties) problem(`needs at least ${f.minProperties} entries`);
      return out;
    }
    case 'json':
      try {
        return JSON.parse(text) as unknown;
      } catch (e) {
        problem(`is not valid JSON: ${(e as Error).message}`);
        return undefined;
      }
  }
}

/**
 * The config for the form values, with every problem the form can see by field path (required fields, number
 * ranges, minimum lengths, lines that do not parse). Empty fields are left out so the grader's defaults apply;
 * an object field appears only when one of its fields is set.
 */
export function buildConfig(fields: Field[], values: FormValues, schema?: JsonSchema): { config: Record<string, unknown>; problems: Problem[] } {
  const problems: Problem[] = [];
  const build = (fs: Field[]): Record<string, unknown> => {
    const out: Record<string, unknown> = {};
    for (const f of fs) {
      const key = f.path.split('.').at(-1)!;
      const v = f.kind === 'object' ? build(f.fields) : read(f, values, problems);
      if (f.kind === 'object' ? Object.keys(v as object).length || f.required : v !== undefined) out[key] = v;
    }
    return out;
  };
  const config = build(fields);
  const oneOf = schema && atLeastOneOf(schema);
  if (oneOf && !oneOf.some((k) => k in config)) problems.push({ path: '', message: `set at least one of ${oneOf.join(', ')}` });
  return { config, problems };
}

/**
 * The API's problems (`grader.config.absTolerance`, `config`: "must have required property 'pattern'") by form
 * field path; those that name no field stay in `other`, those of a sub-grader are left to its own form.
 */
export function problemsByField(fields: Field[], details: Problem[]): { byField: Record<string, string>; other: Problem[] } {
  const paths = new Set<string>();
  const lists: string[] = [];
  const collect = (fs: Field[]) =>
    fs.forEach((f) => {
      paths.add(f.path);
      if (f.kind === 'object') collect(f.fields);
      if (f.kind === 'graders') lists.push(`${f.path}[`);
    });
  collect(fields);
  const byField: Record<string, string> = {};
  const other: Problem[] = [];
  for (const d of details) {
    const m = /(?:^|\.)config(?:\.(.+))?$/.exec(d.path);
    let path = m ? (m[1] ?? '') : undefined;
    let message = d.message;
    const missing = /^must have required property '(.+)'$/.exec(d.message);
    if (path !== undefined && missing) {
      path = path ? `${path}.${missing[1]}` : missing[1]!;
      message = 'is required';
    }
    // A problem of one sub-grader (`graders[1].config.pattern`) is shown by that sub-grader's form.
    if (path !== undefined && lists.some((l) => path!.startsWith(l))) continue;
    if (path !== undefined && paths.has(path)) byField[path] = byField[path] ? `${byField[path]}; ${message}` : message;
    else other.push(d);
  }
  return { byField, other };
}
