import { flushPromises, mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeFetch } from '../../test/fixtures';
import RouteHealth from './RouteHealth.vue';

const health = {
  alias: 'support',
  version: 3,
  strategy: 'cheapest',
  perProcess: true,
  avgInputTokens: 120,
  avgOutputTokens: 80,
  targets: [
    {
      model: 'sim/cheap',
      weight: 0,
      downgradeOnly: false,
      breaker: 'open',
      available: false,
      latencyMs: 412.4,
      ttftMs: null,
      errorRate: 0.5,
      requests: 4,
      failures: 2,
      lastCallAt: null,
      inputPricePerM: 0.1,
      outputPricePerM: 0.2,
    },
    {
      model: 'sim/mini',
      weight: 0,
      downgradeOnly: true,
      breaker: 'closed',
      available: true,
      latencyMs: null,
      ttftMs: 90,
      errorRate: 0,
      requests: 1,
      failures: 0,
      lastCallAt: null,
      inputPricePerM: null,
      outputPricePerM: null,
    },
  ],
  decisions: [
    {
      at: '2026-12-06T10:00:00.000Z',
      strategy: 'cheapest',
      source: 'route',
      order: ['sim/cheap'],
      served: 'sim/mid',
      why: '<b>sim/cheap</b> first; served by sim/mid',
    },
  ],
};

describe('RouteHealth', () => {
  beforeEach(() => setActivePinia(createPinia()));
  afterEach(() => vi.unstubAllGlobals());

  it('shows per-target latency, error rate and breaker, and each decision’s reason as text', async () => {
    const server = fakeFetch(() => health);
    vi.stubGlobal('fetch', server.fetch);
    const wrapper = mount(RouteHealth, { props: { alias: 'support', currentVersion: 3 } });
    await flushPromises();
    expect(server.calls.map((u) => `${u.pathname}${u.search}`)).toEqual(['/api/routes/support/health?limit=20']);
    expect(wrapper.get('[data-testid="route-health-strategy"]').text()).toBe('cheapest');
    const rows = wrapper.findAll('[data-testid="route-health-target"]').map((r) => r.findAll('th, td').map((c) => c.text()));
    expect(rows[0]).toEqual(['sim/cheap', 'open', '412 ms', '—', '50.0%', '4 (2 failed)', '$0.1 / $0.2']);
    expect(rows[1]).toEqual(['sim/minibudget downgrade', 'closed', '—', '90 ms', '0.0%', '1 (0 failed)', 'unknown']);
    const decision = wrapper.get('[data-testid="route-health-decision"]');
    expect(decision.text()).toContain('→ sim/mid');
    expect(decision.text()).toContain('<b>sim/cheap</b> first');
    expect(decision.find('b').exists()).toBe(false);
    wrapper.unmount();
  });
});
