import { describe, expect, it } from 'vitest';
import fixture from '../../test/grader-types.json';
import { buildConfig, type Field, type JsonSchema, problemsByField, schemaFields, valuesFor } from './schema-form';

// The schemas GET /api/graders/types serves (test/graders/graders-api.test.ts checks the fixture against the API).
const types = fixture as unknown as Array<{ type: string; schema: JsonSchema }>;
const schemaOf = (type: string) => types.find((t) => t.type === type)!.schema;
const fieldsOf = (type: string) => schemaFields(schemaOf(type));
const kinds = (fields: Field[]): string[] => fields.flatMap((f) => (f.kind === 'object' ? [`${f.path}:object`, ...kinds(f.fields)] : [`${f.path}:${f.kind}`]));
const build = (type: string, values: Record<string, string | boolean>) => {
  const fields = fieldsOf(type);
  return buildConfig(fields, { ...valuesFor(fields, {}).values, ...values }, schemaOf(type));
};

/** A valid config of every grader type, using every field the form can show. */
const VALID: Record<string, Record<string, unknown>> = {
  exact_match: { expected: 'Paris', normalize: { ignoreCase: false, stripPunctuation: true } },
  contains: { value: 'refund', normalize: { trim: false } },
  contains_any: { values: ['sorry', 'apologise'] },
  contains_all: { values: ['order', 'refund'], normalize: { collapseWhitespace: false } },
  not_contains: { values: ['password'] },
  regex: { pattern: '^\\d{4}$', flags: 'i', mustMatch: false },
  starts_with: { value: 'Yes' },
  one_of: { labels: ['positive', 'negative', 'neutral'] },
  length: { unit: 'words', min: 1, max: 50 },
  json_valid: { requireObject: true },
  json_schema: { schema: { type: 'object', required: ['sku'] } },
  json_field: { path: 'order.items[0].sku', expected: 'A-1' },
  numeric: { expected: 42, absTolerance: 0.5, relTolerance: 0.01 },
  levenshtein: { expected: { any_of: ['Paris', 'Paris, France'] }, threshold: 0.9 },
  rouge_l: { threshold: 0.4 },
  bleu: { expected: 'the cat sat', threshold: 0.2 },
  tool_call: { name: 'get_weather', arguments: { city: 'Paris' }, partial: false },
  latency: { max: 2000 },
  cost: { max: 0.01 },
  composite: { graders: [{ type: 'contains', weight: 2 }, { type: 'json_valid' }], threshold: 0.7 },
  llm_judge: {
    model: 'judge-route',
    prompt: 'Is {{output}} right?\nCHOICE: Y or N',
    rubric: 'Be strict.\nCite facts.',
    choices: { Y: 1, N: 0 },
    passThreshold: 0.8,
  },
  pairwise: { model: 'judge-route', rubric: 'Prefer the shorter answer' },
  embedding_similarity: { model: 'text-embedding-3-small', threshold: 0.75, expected: 'Paris' },
};

describe('schemaFields on the real grader schemas', () => {
  it('covers every grader type in the fixture', () => {
    expect(Object.keys(VALID).sort()).toEqual(types.map((t) => t.type).sort());
  });

  it('turns each property into the input that fits it', () => {
    const table = Object.fromEntries(types.map((t) => [t.type, kinds(fieldsOf(t.type))]));
    expect(table).toEqual({
      exact_match: [
        'expected:json',
        'normalize:object',
        'normalize.trim:boolean',
        'normalize.ignoreCase:boolean',
        'normalize.collapseWhitespace:boolean',
        'normalize.stripPunctuation:boolean',
      ],
      contains: [
        'value:string',
        'normalize:object',
        'normalize.trim:boolean',
        'normalize.ignoreCase:boolean',
        'normalize.collapseWhitespace:boolean',
        'normalize.stripPunctuation:boolean',
      ],
      contains_any: [
        'values:list',
        'normalize:object',
        'normalize.trim:boolean',
        'normalize.ignoreCase:boolean',
        'normalize.collapseWhitespace:boolean',
        'normalize.stripPunctuation:boolean',
      ],
      contains_all: [
        'values:list',
        'normalize:object',
        'normalize.trim:boolean',
        'normalize.ignoreCase:boolean',
        'normalize.collapseWhitespace:boolean',
        'normalize.stripPunctuation:boolean',
      ],
      not_contains: [
        'values:list',
        'normalize:object',
        'normalize.trim:boolean',
        'normalize.ignoreCase:boolean',
        'normalize.collapseWhitespace:boolean',
        'normalize.stripPunctuation:boolean',
      ],
      regex: ['pattern:string', 'flags:string', 'mustMatch:boolean'],
      starts_with: [
        'value:string',
        'normalize:object',
        'normalize.trim:boolean',
        'normalize.ignoreCase:boolean',
        'normalize.collapseWhitespace:boolean',
        'normalize.stripPunctuation:boolean',
      ],
      one_of: [
        'labels:list',
        'normalize:object',
        'normalize.trim:boolean',
        'normalize.ignoreCase:boolean',
        'normalize.collapseWhitespace:boolean',
        'normalize.stripPunctuation:boolean',
      ],
      length: ['unit:enum', 'min:number', 'max:number'],
      json_valid: ['requireObject:boolean'],
      json_schema: ['schema:json'],
      json_field: ['path:string', 'expected:json'],
      numeric: ['expected:number', 'absTolerance:number', 'relTolerance:number'],
      levenshtein: ['expected:json', 'threshold:number'],
      rouge_l: ['expected:json', 'threshold:number'],
      bleu: ['expected:json', 'threshold:number'],
      tool_call: ['name:string', 'arguments:json', 'partial:boolean'],
      latency: ['max:number'],
      cost: ['max:number'],
      composite: ['graders:graders', 'threshold:number'],
      llm_judge: ['model:string', 'template:enum', 'prompt:template', 'rubric:text', 'choices:map', 'passThreshold:number'],
      pairwise: ['model:string', 'rubric:string'],
      embedding_similarity: ['model:string', 'threshold:number', 'expected:string'],
    });
  });

  it('keeps labels, required markers, descriptions, bounds, options and defaults', () => {
    const judge = fieldsOf('llm_judge');
    expect(judge[0]).toEqual({
      path: 'model',
      label: 'model',
      kind: 'string',
      required: true,
      minLength: 1,
      description: 'A route alias or a catalogue model',
      default: undefined,
      pattern: undefined,
    });
    expect(judge[1]).toMatchObject({ kind: 'enum', options: ['factuality', 'closed_qa', 'rubric'], default: 'factuality', required: false });
    expect(judge[5]).toMatchObject({ label: 'pass Threshold', kind: 'number', integer: false, min: 0, max: 1, default: 0.5 });
    expect(fieldsOf('length')[1]).toMatchObject({ kind: 'number', integer: true, min: 0 });
    expect(fieldsOf('regex')[0]).toMatchObject({ required: true, description: expect.stringContaining('regular expression') });
  });
});

describe('valuesFor and buildConfig', () => {
  it.each(Object.entries(VALID))('round-trips a valid %s config through the form unchanged', (type, config) => {
    const fields = fieldsOf(type);
    const { values, unrepresentable } = valuesFor(fields, config);
    expect(unrepresentable).toEqual([]);
    expect(buildConfig(fields, values, schemaOf(type))).toEqual({ config, problems: [] });
  });

  it('leaves empty fields and untouched defaults out, so the grader defaults apply', () => {
    expect(build('exact_match', {})).toEqual({ config: {}, problems: [] });
    expect(build('regex', { pattern: 'x', mustMatch: true })).toEqual({ config: { pattern: 'x' }, problems: [] });
    expect(build('contains', { 'normalize.ignoreCase': false })).toEqual({ config: { normalize: { ignoreCase: false } }, problems: [] });
  });

  it('shows a checkbox at its default when the config does not set it', () => {
    expect(valuesFor(fieldsOf('regex'), { pattern: 'x' }).values).toEqual({ pattern: 'x', flags: '', mustMatch: true });
  });

  it('names each problem by field path', () => {
    expect(build('regex', { flags: 'g' }).problems).toEqual([
      { path: 'pattern', message: 'is required' },
      { path: 'flags', message: 'must match ^[imsu]*$' },
    ]);
    expect(build('numeric', { absTolerance: '-1', relTolerance: 'lots' }).problems).toEqual([
      { path: 'absTolerance', message: 'must be at least 0' },
      { path: 'relTolerance', message: 'must be a number' },
    ]);
    expect(build('length', { min: '2.5' }).problems).toEqual([{ path: 'min', message: 'must be a whole number' }]);
    expect(build('length', {}).problems).toEqual([{ path: '', message: 'set at least one of min, max' }]);
    expect(build('one_of', { labels: 'positive\n\n' }).problems).toEqual([{ path: 'labels', message: 'needs at least 2 lines' }]);
    expect(build('composite', { graders: '[{"type": ' }).problems).toEqual([{ path: 'graders', message: expect.stringMatching(/^is not valid JSON: /) }]);
    expect(build('composite', { graders: '[]', threshold: '1' }).problems).toEqual([{ path: 'graders', message: 'needs at least 1 sub-grader' }]);
    expect(build('composite', { graders: '[{"type":"contains"}]' })).toEqual({ config: { graders: [{ type: 'contains' }] }, problems: [] });
  });

  it('reads judge choices as `key = score` lines, checking each', () => {
    expect(build('llm_judge', { model: 'm', choices: ' Y = 1\nN: 0\n\nP=0.5 ' })).toEqual({
      config: { model: 'm', choices: { Y: 1, N: 0, P: 0.5 } },
      problems: [],
    });
    expect(build('llm_judge', { model: 'm', choices: 'Y = 2\nN' }).problems).toEqual([
      { path: 'choices', message: 'line 1: Y must be between 0 and 1' },
      { path: 'choices', message: 'line 2: write it as `key = number`' },
      { path: 'choices', message: 'needs at least 2 entries' },
    ]);
  });

  it('reports what the form cannot show, so the console stays on JSON', () => {
    const { unrepresentable } = valuesFor(fieldsOf('contains_any'), { values: ['a', 'two\nlines'], extra: 1, normalize: { trim: 'yes' } });
    expect(unrepresentable).toEqual(['extra', 'values', 'normalize.trim']);
    const composite = (graders: unknown) => valuesFor(fieldsOf('composite'), { graders }).unrepresentable;
    expect(composite([{ type: 'regex', config: { pattern: 'x' }, weight: 2 }])).toEqual([]);
    expect(composite([{ type: 'regex', note: 'x' }])).toEqual(['graders']);
    expect(composite([{ type: 'regex', config: 'x' }])).toEqual(['graders']);
    expect(composite([{ config: {} }])).toEqual(['graders']);
    expect(composite({ type: 'regex' })).toEqual(['graders']);
  });
});

describe('the sub-graders field of a composite', () => {
  it('is a list of graders with a weight read like any number field', () => {
    expect(fieldsOf('composite')[0]).toMatchObject({
      path: 'graders',
      kind: 'graders',
      required: true,
      minItems: 1,
      weight: { kind: 'number', exclusiveMin: 0, default: 1 },
    });
  });

  it('is only a sub-graders list when each item is a type, a config and at most a weight', () => {
    const item = (properties: Record<string, JsonSchema>) =>
      schemaFields({ properties: { g: { type: 'array', items: { type: 'object', properties } } } })[0]!.kind;
    expect(item({ type: { type: 'string' }, config: { type: 'object' } })).toBe('graders');
    expect(item({ type: { type: 'string' }, config: { type: 'object' }, label: { type: 'string' } })).toBe('json');
    expect(item({ type: { type: 'string' } })).toBe('json');
  });
});

describe('problemsByField', () => {
  it('puts the API problems next to the fields they name, and keeps the rest', () => {
    const fields = fieldsOf('llm_judge');
    expect(
      problemsByField(fields, [
        { path: 'grader.config.passThreshold', message: 'must be <= 1' },
        { path: 'config', message: "must have required property 'model'" },
        { path: 'config.prompt', message: 'line 2, column 9: unknown variable `topic`' },
        { path: 'config', message: 'must NOT have additional properties (bogus)' },
        { path: 'name', message: 'must be 1-100 lowercase letters' },
      ]),
    ).toEqual({
      byField: { passThreshold: 'must be <= 1', model: 'is required', prompt: 'line 2, column 9: unknown variable `topic`' },
      other: [
        { path: 'config', message: 'must NOT have additional properties (bogus)' },
        { path: 'name', message: 'must be 1-100 lowercase letters' },
      ],
    });
    expect(
      problemsByField(fieldsOf('composite'), [
        { path: 'grader.config.graders[1].config.pattern', message: 'is required' },
        { path: 'config.graders', message: 'must NOT have fewer than 1 items' },
      ]),
    ).toEqual({ byField: { graders: 'must NOT have fewer than 1 items' }, other: [] });
    expect(problemsByField(fieldsOf('exact_match'), [{ path: 'config.normalize.trim', message: 'must be boolean' }]).byField).toEqual({
      'normalize.trim': 'must be boolean',
    });
  });
});
