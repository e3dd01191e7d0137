import { insertResults, insertScores, placeholders } from './rows.js';

describe('placeholders', () => {
  it('numbers parameters row by row', () => {
    expect(placeholders(2, 3)).toBe('($1,$2,$3),($4,$5,$6)');
  });
});

describe('insertScores', () => {
  it('writes one parameter group per score and ignores rows already stored', () => {
    const { sql, params } = insertScores('e1', [{ grader: 'g', variant: 'a', item: 7, score: 1, pass: true, reason: 'ok', error: null, costUsd: 0 }]);
    expect(sql).toMatch(/ON CONFLICT DO NOTHING$/);
    expect(params).toEqual(['e1', 'g', 'a', 7, 1, true, 'ok', null, 0]);
  });
});

describe('insertResults', () => {
  it('ignores results already stored and returns the ones it inserted (the run counts them)', () => {
    const row = {
      variant: 'a',
      item: 3,
      ok: true,
      output: 'x',
      toolCalls: null,
      errorCode: null,
      errorMessage: null,
      target: 's/m',
      latencyMs: 5,
      inputTokens: 1,
      outputTokens: 2,
      costUsd: 0,
    };
    const { sql, params } = insertResults('e1', [row, { ...row, item: 4 }]);
    expect(sql).toMatch(/ON CONFLICT DO NOTHING RETURNING item_idx$/);
    expect(params).toHaveLength(26);
  });
});
