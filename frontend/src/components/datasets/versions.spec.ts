import { describe, expect, it } from 'vitest';
import { importSummary, inputNames, versionOrigin } from './versions';

describe('dataset versions', () => {
  it('names where each version came from', () => {
    expect(versionOrigin({ format: 'traffic', source: 'traffic' })).toEqual({ kind: 'traffic', label: 'Captured traffic', file: null });
    expect(versionOrigin({ format: 'jsonl', source: 'bundled' })).toEqual({ kind: 'bundled', label: 'Bundled sample', file: null });
    expect(versionOrigin({ format: 'jsonl', source: 'upload' })).toEqual({ kind: 'upload', label: 'Upload (JSONL)', file: null });
    expect(versionOrigin({ format: 'csv', source: 'cases.csv' })).toEqual({ kind: 'upload', label: 'Upload (CSV)', file: 'cases.csv' });
  });

  it('lists the input variables, the most common first', () => {
    expect(inputNames({ fields: { input: { context: 3, question: 10, extra: 3 }, metadata: {}, withExpected: 0 } })).toEqual(['question', 'context', 'extra']);
    expect(inputNames({ fields: { input: {}, metadata: {}, withExpected: 0 } })).toEqual([]);
  });

  it('says how many records were read, imported and skipped', () => {
    expect(importSummary({ rows: 1200, skipped: 0, problems: [] })).toEqual({ text: '1,200 records read, all imported.', more: 0 });
    expect(importSummary({ rows: 1, skipped: 0, problems: [] }).text).toBe('1 record read, all imported.');
    const some = importSummary({
      rows: 8,
      skipped: 2,
      problems: [
        { path: 'line 3: input', message: 'is required' },
        { path: 'line 3: expected', message: 'must be a string' },
        { path: 'line 7', message: 'is not JSON' },
      ],
    });
    expect(some).toEqual({ text: '10 records read: 8 items imported, 2 invalid records skipped.', more: 0 });
    // Past 100 problems the list is cut: the rest are counted, not listed.
    const many = importSummary({ rows: 5, skipped: 150, problems: Array.from({ length: 100 }, (_, i) => ({ path: `line ${i + 1}`, message: 'x' })) });
    expect(many.more).toBe(50);
  });
});
