import { RouterLinkStub, mount } from '@vue/test-utils';
import { describe, expect, it } from 'vitest';
import type { UsageRowDto } from '../../api/types';
import UsageTable from './UsageTable.vue';

const row = (group: string, requests: number, errors: number, costUsd: number): UsageRowDto => ({
  group,
  requests,
  errors,
  errorRate: errors / requests,
  inputTokens: requests * 10,
  outputTokens: requests * 20,
  costUsd,
  cacheHits: 0,
  cacheMisses: 0,
  cacheHitRate: null,
  savedUsd: 0,
  latencyP50Ms: 100,
  latencyP95Ms: 250,
  latencyP99Ms: 300,
  ttftP50Ms: null,
});

describe('UsageTable', () => {
  it('lists each group with a link to its requests, and totals that do not pretend to add up percentiles', () => {
    const wrapper = mount(UsageTable, {
      props: { groupBy: 'route', rows: [row('assist', 30, 3, 0.5), row('', 10, 0, 0.25)] },
      global: { stubs: { RouterLink: RouterLinkStub } },
    });
    const rows = wrapper.findAll('[data-testid="usage-row"]');
    expect(rows[0]!.getComponent(RouterLinkStub).props('to')).toEqual({ name: 'logs', query: { route: 'assist' } });
    expect(rows[1]!.text()).toContain('(no route)');
    expect(rows[1]!.findComponent(RouterLinkStub).exists()).toBe(false);
    const total = wrapper.get('[data-testid="usage-total"]').text();
    expect(total).toMatch(/Total\s*40\s*3 \(7\.5%\)\s*400 \/ 800\s*\$0\.75/);
    expect(total).toMatch(/—\s*—$/);
  });

  it('shows cache hits with their share of cache lookups, and the money they saved', () => {
    const faq = { ...row('faq', 4, 0, 0.01), cacheHits: 3, cacheMisses: 1, cacheHitRate: 0.75, savedUsd: 0.03 };
    const wrapper = mount(UsageTable, {
      props: { groupBy: 'route', rows: [faq, row('other', 2, 0, 0.01)] },
      global: { stubs: { RouterLink: RouterLinkStub } },
    });
    const cells = wrapper.findAll('[data-testid="usage-cache"]').map((c) => c.text());
    expect(cells[0]).toMatch(/^3 \(75(\.0)?%\)$/);
    expect(cells[1]).toBe('—');
    expect(wrapper.findAll('[data-testid="usage-row"]')[0]!.text()).toContain('$0.03');
  });
});
