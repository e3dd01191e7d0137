import { mcnemarExact } from '../../reports/stats/paired.js';
import { compareWithBaseline } from './baseline.js';

const items = (values: Array<number | null>) => Object.fromEntries(values.map((v, i) => [`#${i}`, v]));

describe('compareWithBaseline', () => {
  it('pairs pass/fail by item with the exact McNemar test', () => {
    // 40 both pass, 2 only the baseline passes, 15 only this run passes, 43 both fail.
    const base = items([...Array(40).fill(1), ...Array(2).fill(1), ...Array(15).fill(0), ...Array(43).fill(0)]);
    const cur = items([...Array(40).fill(1), ...Array(2).fill(0), ...Array(15).fill(1), ...Array(43).fill(0)]);
    const r = compareWithBaseline('large', cur, base, 'pass_rate');
    const ref = mcnemarExact(2, 15, 100, 40);
    expect(r.verdict).toBe('better');
    expect(r.reason).toContain(`p = ${ref.p.toPrecision(2)}`);
    expect(r.reason).toContain('+13.0%');
    expect(compareWithBaseline('large', base, cur, 'pass_rate').verdict).toBe('worse');
  });

  it('is inconclusive without a significant difference', () => {
    const base = items([1, 0, 1, 0, 1, 1, 0, 1]);
    const cur = items([0, 1, 1, 0, 1, 1, 0, 1]);
    expect(compareWithBaseline('v', cur, base, 'pass_rate').verdict).toBe('inconclusive');
  });

  it('uses the paired t test on scores and leaves out unscored items, saying how many', () => {
    const base = items([0.5, 0.6, 0.55, 0.52, 0.58, null]);
    const cur = items([0.8, 0.9, 0.85, 0.82, 0.88, 0.9]);
    const r = compareWithBaseline('v', cur, base, 'score');
    expect(r.verdict).toBe('better');
    expect(r.reason).toMatch(/paired t p = .*5 items\) \(1 item unscored or missing on one side left out\)/);
  });

  it('needs two paired items', () => {
    expect(compareWithBaseline('v', items([1]), items([0]), 'pass_rate')).toMatchObject({ verdict: 'inconclusive' });
  });
});
