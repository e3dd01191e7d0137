import { sampleRatioMismatch } from '../../reports/stats/index.js';
import { assignVariant, equalWeights, inSample } from './assignment.js';

describe('assignVariant', () => {
  const split = [
    { name: 'control', weight: 80 },
    { name: 'candidate', weight: 20 },
  ];

  it('is sticky: the same key always gets the same variant', () => {
    for (let i = 0; i < 200; i++) {
      const key = `user-${i}`;
      const first = assignVariant('exp-1', key, split);
      for (let k = 0; k < 5; k++) expect(assignVariant('exp-1', key, split)).toBe(first);
    }
  });

  it('matches the allocation: 100,000 keys pass the sample-ratio-mismatch test', () => {
    const counts = { control: 0, candidate: 0 };
    for (let i = 0; i < 100_000; i++) counts[assignVariant('exp-1', `u${i}`, split) as keyof typeof counts]++;
    const srm = sampleRatioMismatch([counts.control, counts.candidate], [80, 20]);
    expect(srm.p).toBeGreaterThan(0.001);
    expect(counts.candidate / 100_000).toBeCloseTo(0.2, 2);
  });

  it('splits users independently in two experiments', () => {
    const half = equalWeights(['a', 'b']);
    let both = 0;
    for (let i = 0; i < 20_000; i++) if (assignVariant('exp-1', `u${i}`, half) === 'a' && assignVariant('exp-2', `u${i}`, half) === 'a') both++;
    expect(both / 20_000).toBeCloseTo(0.25, 1);
  });

  it('never picks a variant of weight 0', () => {
    const w = [
      { name: 'a', weight: 0 },
      { name: 'b', weight: 100 },
    ];
    for (let i = 0; i < 1000; i++) expect(assignVariant('x', `k${i}`, w)).toBe('b');
  });
});

describe('inSample', () => {
  it('takes about the given share, stably per request', () => {
    let n = 0;
    for (let i = 0; i < 50_000; i++) if (inSample('e', `req-${i}`, 0.1)) n++;
    expect(n / 50_000).toBeCloseTo(0.1, 2);
    expect(inSample('e', 'req-1', 0.5)).toBe(inSample('e', 'req-1', 0.5));
    expect(inSample('e', 'r', 1)).toBe(true);
    expect(inSample('e', 'r', 0)).toBe(false);
  });
});

describe('equalWeights', () => {
  it('adds up to 100 in whole percents', () => {
    expect(equalWeights(['a', 'b', 'c']).map((w) => w.weight)).toEqual([34, 33, 33]);
    expect(equalWeights(['a', 'b']).map((w) => w.weight)).toEqual([50, 50]);
  });
});
