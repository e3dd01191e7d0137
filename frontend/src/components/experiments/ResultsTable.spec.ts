import { flushPromises, mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ExperimentDto } from '../../api/types';
import { fakeFetch, resultRows } from '../../test/fixtures';
import ResultsTable from './ResultsTable.vue';

const VARIANTS = Array.from({ length: 10 }, (_, i) => (i === 0 ? 'control' : `candidate-${i}`));
const GRADERS = Array.from({ length: 10 }, (_, g) => `grader-${g}`);
const ROWS = resultRows(1000, VARIANTS, GRADERS);

const experiment = {
  name: 'big-run',
  kind: 'dataset',
  spec: {
    variants: VARIANTS.map((name, i) => ({ name, model: `sim/sim-${i}` })),
    control: 'control',
    graders: GRADERS.map((name) => ({ name, type: 'exact' })),
    primaryMetric: { grader: 'grader-0', measure: 'pass_rate' },
  },
} as unknown as ExperimentDto;

describe('ResultsTable', () => {
  let server: ReturnType<typeof fakeFetch>;
  beforeEach(() => {
    setActivePinia(createPinia());
    server = fakeFetch((url) => {
      const offset = Number(url.searchParams.get('offset'));
      const limit = Number(url.searchParams.get('limit'));
      const rows = url.searchParams.get('disagree') ? ROWS.filter((r) => r.item % 2 === 0) : ROWS;
      return { total: rows.length, rows: rows.slice(offset, offset + limit) };
    });
    vi.stubGlobal('fetch', server.fetch);
  });
  afterEach(() => vi.unstubAllGlobals());
  // happy-dom lays nothing out: give the table's scroller the height of a screenful, as a browser would.
  const clientHeight = Object.getOwnPropertyDescriptor(HTMLElement.prototype, 'clientHeight');
  beforeEach(() =>
    Object.defineProperty(HTMLElement.prototype, 'clientHeight', {
      configurable: true,
      get(this: HTMLElement) {
        return this.dataset.testid === 'results-scroll' ? 640 : 0;
      },
    }),
  );
  afterEach(() => clientHeight && Object.defineProperty(HTMLElement.prototype, 'clientHeight', clientHeight));

  it('puts only a window of 1,000 rows in the DOM, and tells screen readers how many there are', async () => {
    const wrapper = mount(ResultsTable, { props: { experiment, version: 0 } });
    await flushPromises();
    expect(wrapper.get('[data-testid="results-total"]').text()).toBe('1,000 items');
    const table = wrapper.get('[data-testid="results-table"]');
    expect(table.attributes('aria-rowcount')).toBe('1001');
    const rows = wrapper.findAll('[data-testid="result-row"]');
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.length).toBeLessThan(40);
    expect(rows[0]!.attributes('aria-rowindex')).toBe('2');
    // Ten answers side by side, as text, with ten grades each.
    expect(rows[0]!.findAll('.results-table__answer')).toHaveLength(10);
    expect(rows[0]!.get('[data-testid="result-candidate-3"]').text()).toContain('Answer 0 from candidate-3');
    expect(rows[0]!.get('[data-testid="result-candidate-3"]').findAll('[data-testid="result-grade"]')).toHaveLength(10);
    // The first page only: more come as the reader scrolls.
    expect(server.calls.map((u) => u.searchParams.get('limit'))).toEqual(['200']);
    expect(wrapper.get('[data-testid="results-range"]').text()).toMatch(/^200 of 1,000 loaded; scroll the table for more$/);
  });

  it('starts again from the first item when the filter changes', async () => {
    const wrapper = mount(ResultsTable, { props: { experiment, version: 0 } });
    await flushPromises();
    await wrapper.get('[data-testid="results-filter"]').setValue('disagree');
    await flushPromises();
    const last = server.calls.at(-1)!;
    expect(last.searchParams.get('disagree')).toBe('true');
    expect(last.searchParams.get('offset')).toBe('0');
    expect(wrapper.get('[data-testid="results-total"]').text()).toBe('500 items');
    expect(wrapper.findAll('[data-testid="result-row"]')[0]!.text()).toContain('#0');
  });
});
