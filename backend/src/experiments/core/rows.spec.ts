import { insertScores, placeholders } from './rows.js';

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
