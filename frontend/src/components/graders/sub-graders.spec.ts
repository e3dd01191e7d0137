import { describe, expect, it } from 'vitest';
import fixture from '../../test/grader-types.json';
import { type JsonSchema, type NumberField, schemaFields } from './schema-form';
import { newRow, rowApiProblems, rowsFor, specsFor, weightProblem } from './sub-graders';

const composite = (fixture as unknown as Array<{ type: string; schema: JsonSchema }>).find((t) => t.type === 'composite')!.schema;
const field = schemaFields(composite)[0]!;
const weight = (field.kind === 'graders' ? field.weight : undefined) as NumberField;

describe('sub-graders', () => {
  it('gives each sub-grader a row with its weight as text, and a key of its own', () => {
    const rows = rowsFor([{ type: 'regex', config: { pattern: 'x' }, weight: 2 }, { type: 'json_valid' }]);
    expect(rows.map(({ type, config, weight: w }) => ({ type, config, weight: w }))).toEqual([
      { type: 'regex', config: { pattern: 'x' }, weight: '2' },
      { type: 'json_valid', config: {}, weight: '' },
    ]);
    expect(new Set(rows.map((r) => r.key)).size).toBe(2);
  });

  it('turns rows back into the list, leaving out empty configs and weights', () => {
    const rows = [newRow('regex', { pattern: 'x' }, ' 2.5 '), newRow('json_valid')];
    expect(specsFor('graders', rows, weight)).toEqual({
      specs: [{ type: 'regex', config: { pattern: 'x' }, weight: 2.5 }, { type: 'json_valid' }],
      problems: [],
    });
    expect(specsFor('graders', rowsFor([{ type: 'regex', config: { pattern: 'x' }, weight: 2 }]), weight).specs).toEqual([
      { type: 'regex', config: { pattern: 'x' }, weight: 2 },
    ]);
  });

  it('names each problem by its path in the composite config: a weight, or a field of a sub-grader config', () => {
    const bad = newRow('regex', {}, '0');
    bad.problems = [
      { path: 'pattern', message: 'is required' },
      { path: '', message: 'set at least one of min, max' },
    ];
    const { specs, problems } = specsFor('graders', [newRow('contains', { value: 'a' }, 'lots'), bad], weight);
    expect(specs).toEqual([{ type: 'contains', config: { value: 'a' } }, { type: 'regex' }]);
    expect(problems).toEqual([
      { path: 'graders[0].weight', message: 'must be a number' },
      { path: 'graders[1].config.pattern', message: 'is required' },
      { path: 'graders[1].config', message: 'set at least one of min, max' },
      { path: 'graders[1].weight', message: 'must be more than 0' },
    ]);
    expect(weightProblem('', weight)).toBeUndefined();
    expect(weightProblem('3', undefined)).toBeUndefined();
  });

  it('hands each sub-grader the API problems about it, as its own form reads them', () => {
    const details = [
      { path: 'grader.config.graders[1].config.pattern', message: 'is required' },
      { path: 'grader.config.graders[1].type', message: 'is not a grader type' },
      { path: 'grader.config.graders[1].weight', message: 'must be > 0' },
      { path: 'grader.config.graders[1]', message: "must have required property 'type'" },
      { path: 'grader.config.graders[0].config', message: "must have required property 'value'" },
      { path: 'grader.config.graders[11].weight', message: 'not this one' },
      { path: 'grader.config.threshold', message: 'must be <= 1' },
    ];
    expect(rowApiProblems('graders', 1, details)).toEqual({
      config: [{ path: 'config.pattern', message: 'is required' }],
      type: 'is not a grader type',
      weight: 'must be > 0',
      other: [{ path: 'sub-grader 2', message: "must have required property 'type'" }],
    });
    expect(rowApiProblems('graders', 0, details)).toEqual({ config: [{ path: 'config', message: "must have required property 'value'" }], other: [] });
  });
});
