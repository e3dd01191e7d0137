import type { GradeInput } from './grader.js';
import { checkGraderSpec, GRADER_TYPES, runGrader } from './registry.js';
import { bleu, levenshtein, rougeL } from './types/similarity.js';

const x = (output: string, expected?: unknown, extra: Partial<GradeInput> = {}): GradeInput => ({ output, item: { input: { q: 'x' }, expected }, ...extra });
const grade = async (type: string, config: Record<string, unknown>, input: GradeInput) => {
  const r = await runGrader({ type, config }, input);
  if (!r.ok) throw new Error(r.error);
  return r.result;
};

describe('deterministic graders: pass, fail, and cannot-decide', () => {
  it('exact_match normalises and accepts any_of', async () => {
    expect(await grade('exact_match', {}, x('  Paris\n', 'paris'))).toEqual({ score: 1, pass: true, reason: 'matches "paris"' });
    expect((await grade('exact_match', {}, x('Lyon', 'Paris'))).pass).toBe(false);
    expect((await grade('exact_match', { normalize: { ignoreCase: false } }, x('paris', 'Paris'))).pass).toBe(false);
    expect((await grade('exact_match', { normalize: { stripPunctuation: true } }, x('Paris.', { any_of: ['Lyon', 'Paris'] }))).pass).toBe(true);
    expect(await runGrader({ type: 'exact_match' }, x('Paris'))).toEqual({
      ok: false,
      error: 'no expected answer: the item has none and the grader config sets none',
    });
  });

  it('contains, contains_any, contains_all, not_contains, starts_with', async () => {
    expect((await grade('contains', {}, x('The capital is Paris.', 'paris'))).pass).toBe(true);
    expect((await grade('contains', { value: 'refund' }, x('No money back'))).pass).toBe(false);
    expect((await grade('contains_any', { values: ['sorry', 'apolog'] }, x('We apologise'))).pass).toBe(true);
    expect(await grade('contains_all', { values: ['order', 'refund'] }, x('Your order is shipped'))).toEqual({
      score: 0.5,
      pass: false,
      reason: 'missing ["refund"]',
    });
    expect((await grade('not_contains', { values: ['password'] }, x('Your PASSWORD is'))).pass).toBe(false);
    expect((await grade('starts_with', {}, x('Yes, because', { any_of: ['yes', 'y'] }))).pass).toBe(true);
  });

  it('regex and one_of', async () => {
    expect((await grade('regex', { pattern: '^\\d{4}-\\d{2}$' }, x('2026-11'))).pass).toBe(true);
    expect((await grade('regex', { pattern: 'error', mustMatch: false }, x('all good'))).pass).toBe(true);
    expect(await runGrader({ type: 'regex', config: { pattern: '(' } }, x('a'))).toMatchObject({ ok: false, error: expect.stringMatching(/^invalid pattern/) });
    const labels = { labels: ['positive', 'negative', 'neutral'] };
    expect((await grade('one_of', labels, x('Positive.', 'positive'))).pass).toBe(true);
    expect(await grade('one_of', labels, x('mixed', 'positive'))).toMatchObject({
      pass: false,
      reason: '"mixed" is not one of the labels ["positive","negative","neutral"]',
    });
    expect((await grade('one_of', labels, x('negative', 'positive'))).reason).toBe('label negative, expected positive');
  });

  it('length in characters, words and tokens', async () => {
    expect((await grade('length', { max: 5 }, x('héllo'))).pass).toBe(true);
    expect((await grade('length', { unit: 'words', min: 3 }, x('two words'))).pass).toBe(false);
    expect((await grade('length', { unit: 'tokens', max: 100 }, x('hello world'))).pass).toBe(true);
  });

  it('json_valid, json_schema, json_field (fenced JSON found too)', async () => {
    expect((await grade('json_valid', {}, x('```json\n{"a":1}\n```'))).pass).toBe(true);
    expect(await grade('json_valid', {}, x('not json'))).toMatchObject({ pass: false });
    const schema = { type: 'object', required: ['name', 'qty'], properties: { name: { type: 'string' }, qty: { type: 'integer' } } };
    expect((await grade('json_schema', { schema }, x('{"name":"pen","qty":2}'))).pass).toBe(true);
    expect(await grade('json_schema', { schema }, x('{"name":"pen","qty":"two"}'))).toMatchObject({ pass: false, reason: '/qty must be integer' });
    expect(
      (await grade('json_field', { path: 'order.items[0].sku' }, x('{"order":{"items":[{"sku":"A1"}]}}', { order: { items: [{ sku: 'A1' }] } }))).pass,
    ).toBe(true);
    expect((await grade('json_field', { path: 'total', expected: 12.5 }, x('{"total": 12}'))).reason).toBe('total is 12, expected 12.5');
  });

  it('numeric extracts the last number, with tolerances', async () => {
    expect((await grade('numeric', {}, x('So the answer is 1,250.', '1250'))).pass).toBe(true);
    expect((await grade('numeric', { relTolerance: 0.01 }, x('about 99.5', 100))).pass).toBe(true);
    expect((await grade('numeric', {}, x('42', '41'))).pass).toBe(false);
    expect(await grade('numeric', {}, x('no idea', '4'))).toMatchObject({ pass: false, reason: 'no number in the output' });
    expect(await runGrader({ type: 'numeric' }, x('4', 'four'))).toMatchObject({ ok: false });
  });

  it('similarity: levenshtein, rouge_l, bleu against reference values', async () => {
    expect(levenshtein('kitten', 'sitting')).toBe(3);
    expect(rougeL('the cat sat on the mat', 'the cat is on the mat')).toBeCloseTo(5 / 6, 6);
    expect(bleu('the cat sat on the mat', 'the cat sat on the mat')).toBeCloseTo(1, 6);
    expect(bleu('completely different words here', 'the cat sat on the mat')).toBe(0);
    expect((await grade('levenshtein', { threshold: 0.8 }, x('Pariss', 'Paris'))).pass).toBe(true);
    expect((await grade('rouge_l', {}, x('a b c', 'x y z'))).pass).toBe(false);
  });

  it('tool_call, latency and cost', async () => {
    const toolCalls = [{ id: 'c1', type: 'function' as const, function: { name: 'get_weather', arguments: '{"city":"Paris","unit":"c"}' } }];
    expect((await grade('tool_call', { name: 'get_weather', arguments: { city: 'Paris' } }, x('', undefined, { toolCalls }))).pass).toBe(true);
    expect((await grade('tool_call', { name: 'get_weather', arguments: { city: 'Paris' }, partial: false }, x('', undefined, { toolCalls }))).pass).toBe(false);
    expect((await grade('tool_call', {}, x('', { name: 'book_flight' }, { toolCalls }))).reason).toBe('called get_weather, not book_flight');
    expect((await grade('latency', { max: 1000 }, x('', undefined, { latencyMs: 800 }))).pass).toBe(true);
    expect(await runGrader({ type: 'cost', config: { max: 0.01 } }, x(''))).toEqual({ ok: false, error: "the call's USD is not known" });
  });

  it('composite is a weighted average', async () => {
    const r = await grade(
      'composite',
      {
        graders: [
          { type: 'contains', config: { value: 'Paris' }, weight: 3 },
          { type: 'length', config: { max: 3 } },
        ],
        threshold: 0.7,
      },
      x('Paris'),
    );
    expect(r).toEqual({ score: 0.75, pass: true, reason: 'contains 1.00, length 0.00' });
  });
});

describe('checkGraderSpec', () => {
  it.each([...GRADER_TYPES.keys()])('refuses a malformed %s config, naming the field', (type) => {
    const problems = checkGraderSpec({ type, config: { bogus: 1 } });
    expect(problems).toContainEqual({ path: 'config', message: 'must NOT have additional properties (bogus)' });
  });

  it('names unknown types and bad config fields by path', () => {
    expect(checkGraderSpec({ type: 'nope' })[0].message).toMatch(/^is not a grader type \(known: exact_match, /);
    expect(checkGraderSpec({ type: 'regex', config: {} })).toEqual([{ path: 'config', message: "must have required property 'pattern'" }]);
    expect(checkGraderSpec({ type: 'contains_all', config: { values: [], typo: 1 } }, 'graders[2]')).toEqual([
      { path: 'graders[2].config', message: 'must NOT have additional properties (typo)' },
      { path: 'graders[2].config.values', message: 'must NOT have fewer than 1 items' },
    ]);
    expect(checkGraderSpec({ type: 'composite', config: { graders: [{ type: 'regex', config: {} }] } })).toEqual([
      { path: 'config.graders[0].config', message: "must have required property 'pattern'" },
    ]);
  });

  it('refuses a judge prompt with a syntax error or a variable it does not have, with line and column', () => {
    const judge = (prompt: string) => checkGraderSpec({ type: 'llm_judge', config: { model: 'm', prompt, choices: { Y: 1, N: 0 } } });
    expect(judge('Is {{output}} right?')).toEqual([]);
    expect(judge('Is {{output}}\n right for {{topic}}?')).toEqual([
      { path: 'config.prompt', message: 'line 2, column 14: unknown variable `topic` (a judge prompt has input, expected, output, rubric, metadata)' },
    ]);
    expect(judge('{{#if rubric}}x')).toEqual([{ path: 'config.prompt', message: expect.stringMatching(/^line 1, column \d+: /) }]);
  });
});
