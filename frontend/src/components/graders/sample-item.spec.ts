import { describe, expect, it } from 'vitest';
import { parseSampleItem, SAMPLE_ITEM } from './sample-item';

describe('parseSampleItem', () => {
  it('reads the default item', () => {
    expect(parseSampleItem(SAMPLE_ITEM)).toEqual({ ok: true, item: { input: { question: 'What is the capital of France?' }, expected: 'Paris' } });
  });

  it('says what is wrong in words: not JSON, no input object, metadata not an object', () => {
    expect(parseSampleItem('{"input": ')).toEqual({ ok: false, problem: expect.stringMatching(/^The item is not valid JSON: /) });
    expect(parseSampleItem('[]')).toEqual({ ok: false, problem: expect.stringContaining('`input`') });
    expect(parseSampleItem('{"input": "What?"}')).toEqual({ ok: false, problem: expect.stringContaining('`input` (an object') });
    expect(parseSampleItem('{"input": {}, "metadata": [1]}')).toEqual({ ok: false, problem: 'The item’s `metadata` must be a JSON object.' });
    expect(parseSampleItem('{"input": {}, "metadata": {"rubric": "x"}}')).toEqual({ ok: true, item: { input: {}, metadata: { rubric: 'x' } } });
  });
});
