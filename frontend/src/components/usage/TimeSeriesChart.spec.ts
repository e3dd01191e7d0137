import { mount } from '@vue/test-utils';
import { describe, expect, it } from 'vitest';
import TimeSeriesChart from './TimeSeriesChart.vue';

const H = 3_600_000;
const T0 = Date.parse('2026-12-06T00:00:00Z');
const buckets = [T0, T0 + H, T0 + 2 * H, T0 + 3 * H];

describe('TimeSeriesChart', () => {
  it('draws an SVG chart named by its title and its figures in words', async () => {
    const wrapper = mount(TimeSeriesChart, {
      props: { title: 'Requests per hour', buckets, interval: 'hour', series: [{ name: 'Requests', values: [1, 0, 5, 2] }], format: String, totals: true },
      attachTo: document.body,
    });
    const chart = wrapper.get('[role="img"]');
    expect(chart.attributes('aria-label')).toMatch(/^Requests per hour\. Requests: 8 in all, highest 5 at /);
    await wrapper.vm.$nextTick();
    expect(chart.find('svg').exists()).toBe(true);
    wrapper.unmount();
  });

  it('says so instead of drawing an empty chart', () => {
    const wrapper = mount(TimeSeriesChart, {
      props: {
        title: 'Spend',
        buckets,
        interval: 'hour',
        series: [{ name: 'Spend', values: [0, 0, 0, 0] }],
        format: String,
        emptyText: 'No spend in this window.',
      },
    });
    expect(wrapper.find('[role="img"]').exists()).toBe(false);
    expect(wrapper.text()).toContain('No spend in this window.');
  });
});
