import { Counter, Histogram, Registry } from 'prom-client';
import { CounterFamily, HistogramFamily } from './series.js';

const BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120];
const OBSERVED = [0, 0.004, 0.005, 0.0051, 0.3, 1, 7.5, 120, 121, 1e6];

describe('CounterFamily and HistogramFamily', () => {
  it("render exactly what prom-client's Counter and Histogram render for the same updates", async () => {
    const ref = new Registry();
    const refCounter = new Counter({ name: 'c_total', help: 'a counter', labelNames: ['route', 'status'], registers: [ref] });
    const refHist = new Histogram({ name: 'h_seconds', help: 'a histogram', labelNames: ['route', 'target'], buckets: BUCKETS, registers: [ref] });
    const sut = new Registry();
    const counter = new CounterFamily(sut, 'c_total', 'a counter', ['route', 'status']);
    const hist = new HistogramFamily(sut, 'h_seconds', 'a histogram', ['route', 'target'], BUCKETS);

    for (const [route, status, n] of [
      ['r"1', '200', 3],
      ['', '502', 1],
      ['r"1', '499', 2],
    ] as const) {
      for (let i = 0; i < n; i++) refCounter.labels(route, status).inc();
      counter.series(route, status).value += n;
    }
    for (const [route, target] of [
      ['a', 'x/y'],
      ['', 'x\\z'],
    ]) {
      const s = hist.series(route, target);
      for (const v of OBSERVED) {
        refHist.labels(route, target).observe(v);
        hist.observe(s, v);
      }
    }
    expect(await sut.metrics()).toBe(await ref.metrics());
    // prom-client's JSON adds empty `exemplar` fields; nothing else may differ.
    const noExemplars = (ms: unknown[]) => JSON.parse(JSON.stringify(ms, (k, v: unknown) => (k === 'exemplar' ? undefined : v))) as unknown;
    expect(noExemplars(await sut.getMetricsAsJSON())).toEqual(noExemplars(await ref.getMetricsAsJSON()));
  });

  it('hands out one series per label set and forgets them all on reset', async () => {
    const sut = new Registry();
    const counter = new CounterFamily(sut, 'c_total', 'a counter', ['target']);
    expect(counter.series('a')).toBe(counter.series('a'));
    expect(counter.series('a')).not.toBe(counter.series('b'));
    counter.series('a').value++;
    sut.resetMetrics();
    expect(await sut.metrics()).toBe('# HELP c_total a counter\n# TYPE c_total counter\n');
  });
});
