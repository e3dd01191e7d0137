import { mulberry32 } from './simulator.random.js';
import { valueForSchema, type SchemaContext } from './simulator.schema.js';

type S = Record<string, any>;

/** Just enough JSON Schema checking for what the generator promises; returns the first violation. */
function violation(value: unknown, schema: S, root: S, path = '$'): string | undefined {
  if (schema.$ref) return violation(value, root.$defs[schema.$ref.split('/').pop()], root, path);
  if (schema.anyOf) return schema.anyOf.some((b: S) => !violation(value, b, root, path)) ? undefined : `${path}: no anyOf branch`;
  if (schema.allOf) return schema.allOf.map((b: S) => violation(value, b, root, path)).find(Boolean);
  if ('const' in schema) return value === schema.const ? undefined : `${path}: not const`;
  if (schema.enum && !schema.enum.includes(value)) return `${path}: not in enum`;
  const types: string[] = Array.isArray(schema.type) ? schema.type : schema.type ? [schema.type] : [];
  const actual = value === null ? 'null' : Array.isArray(value) ? 'array' : Number.isInteger(value) ? 'integer' : typeof value;
  if (types.length && !types.includes(actual) && !(actual === 'integer' && types.includes('number'))) return `${path}: ${actual} is not ${types}`;
  if (typeof value === 'number') {
    if (schema.minimum !== undefined && value < schema.minimum) return `${path}: below minimum`;
    if (schema.maximum !== undefined && value > schema.maximum) return `${path}: above maximum`;
    if (schema.exclusiveMinimum !== undefined && value <= schema.exclusiveMinimum) return `${path}: not above exclusiveMinimum`;
    if (schema.exclusiveMaximum !== undefined && value >= schema.exclusiveMaximum) return `${path}: not below exclusiveMaximum`;
  }
  if (typeof value === 'string') {
    if (schema.minLength !== undefined && [...value].length < schema.minLength) return `${path}: too short`;
    if (schema.maxLength !== undefined && [...value].length > schema.maxLength) return `${path}: too long`;
    if (schema.format === 'email' && !/^[^@\s]+@[^@\s]+\.[a-z]+$/.test(value)) return `${path}: not an email`;
    if (schema.format === 'date' && !/^\d{4}-\d{2}-\d{2}$/.test(value)) return `${path}: not a date`;
    if (schema.format === 'date-time' && Number.isNaN(Date.parse(value))) return `${path}: not a date-time`;
    if (schema.format === 'uuid' && !/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-8[0-9a-f]{3}-[0-9a-f]{12}$/.test(value)) return `${path}: not a uuid`;
  }
  if (Array.isArray(value)) {
    if (schema.minItems !== undefined && value.length < schema.minItems) return `${path}: too few items`;
    if (schema.maxItems !== undefined && value.length > schema.maxItems) return `${path}: too many items`;
    return value.map((v, i) => violation(v, schema.items ?? {}, root, `${path}[${i}]`)).find(Boolean);
  }
  if (actual === 'object') {
    const obj = value as Record<string, unknown>;
    const missing = (schema.required ?? []).find((k: string) => !(k in obj));
    if (missing) return `${path}: missing ${missing}`;
    return Object.entries(obj)
      .map(([k, v]) => (schema.properties?.[k] ? violation(v, schema.properties[k], root, `${path}.${k}`) : undefined))
      .find(Boolean);
  }
  return undefined;
}

const ctx = (seed: number, root: S, extra: Partial<SchemaContext> = {}): SchemaContext => ({
  rng: mulberry32(seed),
  words: ['invoice', 'overdue', 'customer'],
  names: ['Acme Corp'],
  root,
  ...extra,
});

const order: S = {
  type: 'object',
  $defs: {
    item: {
      type: 'object',
      properties: { sku: { type: 'string', minLength: 3, maxLength: 8 }, qty: { type: 'integer', exclusiveMinimum: 0, maximum: 9 } },
      required: ['sku', 'qty'],
    },
    node: { type: 'object', properties: { label: { type: 'string' }, children: { type: 'array', items: { $ref: '#/$defs/node' } } }, required: ['label'] },
  },
  properties: {
    id: { type: 'string', format: 'uuid' },
    customer: { type: 'object', properties: { name: { type: 'string' }, email: { type: 'string', format: 'email' } }, required: ['name', 'email'] },
    status: { type: 'string', enum: ['open', 'paid', 'void'] },
    kind: { const: 'order' },
    items: { type: 'array', items: { $ref: '#/$defs/item' }, minItems: 2, maxItems: 4 },
    total: { type: 'number', minimum: 0.5, maximum: 0.75 },
    due: { type: 'string', format: 'date' },
    updated: { type: 'string', format: 'date-time' },
    note: { anyOf: [{ type: 'null' }, { type: 'string', maxLength: 5 }] },
    priority: { type: ['integer', 'null'], minimum: -3, maximum: -1 },
    flags: {
      allOf: [
        { type: 'object', properties: { a: { type: 'boolean' } }, required: ['a'] },
        { properties: { b: { type: 'integer', enum: [1, 2] } }, required: ['b'] },
      ],
    },
    tree: { $ref: '#/$defs/node' },
    code: { type: 'string', minLength: 30 },
  },
  required: ['id', 'customer', 'status', 'items', 'total'],
};

describe('valueForSchema', () => {
  it('produces values that satisfy the schema, for any seed', () => {
    for (let seed = 0; seed < 300; seed++) {
      const value = valueForSchema(order, ctx(seed, order));
      expect(violation(value, order, order)).toBeUndefined();
      expect(Object.keys(value as object).sort()).toEqual(Object.keys(order.properties).sort());
    }
  });

  it('is deterministic for a seed and varies across seeds', () => {
    expect(valueForSchema(order, ctx(1, order))).toEqual(valueForSchema(order, ctx(1, order)));
    const statuses = new Set(Array.from({ length: 50 }, (_, i) => (valueForSchema(order, ctx(i, order)) as S).status));
    expect(statuses.size).toBe(3);
  });

  it('fills strings from the user’s words: names for short fields, phrases for free text', () => {
    const schema = { type: 'object', properties: { company: { type: 'string' }, query: { type: 'string' } } };
    expect(valueForSchema(schema, ctx(3, schema))).toEqual({ company: 'Acme Corp', query: 'invoice overdue customer' });
  });

  it('puts the model’s answer into a top-level answer property of a fitting type', () => {
    const schema = {
      type: 'object',
      properties: {
        answer: { type: 'integer' },
        result: { type: 'string' },
        nested: { type: 'object', properties: { answer: { type: 'integer', minimum: 0, maximum: 1 } } },
      },
    };
    const out = valueForSchema(schema, ctx(5, schema, { answer: 42 })) as S;
    expect(out.answer).toBe(42);
    expect(out.result).toBe('42');
    expect([0, 1]).toContain(out.nested.answer);
  });

  it('stops recursive schemas and survives references to nothing', () => {
    const list: S = { $defs: { n: { type: 'object', properties: { next: { $ref: '#/$defs/n' } }, required: ['next'] } }, $ref: '#/$defs/n' };
    expect(() => JSON.stringify(valueForSchema(list, ctx(1, list)))).not.toThrow();
    expect(typeof valueForSchema({ $ref: '#/$defs/missing' }, ctx(1, {}))).toBe('string');
    expect(typeof valueForSchema(undefined, ctx(1, {}))).toBe('string');
  });
});
