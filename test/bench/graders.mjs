// Deterministic grader throughput on one core: the built registry (backend/dist) grading synthetic outputs.
import { runGrader } from '../../backend/dist/graders/registry.js';

const N = Number(process.env.BENCH_GRADES ?? 200_000);

export async function benchGraders() {
  const cases = [
    ['exact_match', {}, (i) => [` Paris ${i % 2 ? '' : '.'}`, { any_of: ['Paris', 'Paris.'] }]],
    ['numeric', { absTolerance: 0.01 }, (i) => [`So the total is ${i % 500}.`, String(i % 500)]],
    ['contains', {}, (i) => [`The answer, after some thought, is probably ${i}.`, String(i)]],
    [
      'one_of',
      { labels: ['positive', 'negative', 'neutral'] },
      (i) => [['Positive', 'negative.', 'neutral'][i % 3], ['positive', 'negative', 'neutral'][i % 3]],
    ],
    ['json_field', { path: 'order.total' }, (i) => [`{"order":{"total":${i}}}`, { order: { total: i } }]],
  ];
  const results = [];
  for (const [type, config, make] of cases) {
    const inputs = Array.from({ length: 1000 }, (_, i) => {
      const [output, expected] = make(i);
      return { output, item: { input: { q: 'x' }, expected } };
    });
    let passed = 0;
    const t0 = performance.now();
    for (let i = 0; i < N; i++) {
      const r = await runGrader({ type, config }, inputs[i % 1000]);
      if (r.ok && r.result.pass) passed++;
    }
    const seconds = (performance.now() - t0) / 1000;
    const row = { grader: type, scores: N, scoresPerSecond: Math.round(N / seconds), passRate: +(passed / N).toFixed(3) };
    results.push(row);
    console.log(JSON.stringify(row));
  }
  return results;
}
