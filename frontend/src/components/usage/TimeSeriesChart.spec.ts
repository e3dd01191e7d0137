import { mount } from '@vue/test-utils';
import { describe, expect, it } from 'vitest';
import TimeSeriesChart from './TimeSeriesChart.vue';

const H = 3_600_000;
const T0 = Date.parse('2026-12-06T00:00:00Z');
const buckets = [T0, T0 + H, T0 + 2 * H, T0 + 3 * H];
const format = (v: number) => `${v} ms`;

describe('TimeSeriesChart', () => {
  it('describes each series in words for screen readers: total and peak', () => {
    const wrapper = mount(TimeSeriesChart, {
      props: { title: 'Requests per hour', buckets, interval: 'hour', series: [{ name: 'Requests', values: [1, 0, 5, 2] }], format: String, totals: true },
    });
    const svg = wrapper.get('svg');
    expect(svg.attributes('role')).toBe('img');
    expect(wrapper.get('desc').text()).toMatch(/^Requests: 8 in all, highest 5 at /);
    expect(wrapper.findAll('.chart__legend').length).toBe(0);
  });

  it('breaks a line where a bucket has no value instead of joining across it', () => {
    const wrapper = mount(TimeSeriesChart, {
      props: {
        title: 'Latency',
        buckets,
        interval: 'hour',
        series: [
          { name: 'p50', values: [100, null, 120, 130] },
          { name: 'p95', values: [200, null, null, 400] },
        ],
        format,
      },
    });
    const [p50, p95] = wrapper.findAll('.chart__series');
    expect(p50!.findAll('polyline')).toHaveLength(2);
    // A value with no neighbour has no line to show it: it gets a dot.
    expect(p95!.findAll('polyline')).toHaveLength(2);
    expect(p95!.findAll('circle').length).toBeGreaterThanOrEqual(2);
    expect(wrapper.findAll('.chart__legend li').map((li) => li.text())).toEqual(['p50', 'p95']);
    expect(wrapper.get('desc').text()).toContain('p95: highest 400 ms');
  });

  it('says so instead of drawing an empty chart', () => {
    const wrapper = mount(TimeSeriesChart, {
      props: { title: 'Spend', buckets, interval: 'hour', series: [{ name: 'Spend', values: [0, 0, 0, 0] }], format, emptyText: 'No spend in this window.' },
    });
    expect(wrapper.find('svg').exists()).toBe(false);
    expect(wrapper.text()).toContain('No spend in this window.');
  });
});
