import { RouterLinkStub, flushPromises, mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeFetch, logRow } from '../../test/fixtures';
import RequestDrawer from './RequestDrawer.vue';

const HOSTILE = '<img src=x onerror="window.pwned=1"><script>window.pwned=2</script>';

describe('RequestDrawer', () => {
  beforeEach(() => setActivePinia(createPinia()));
  afterEach(() => vi.unstubAllGlobals());

  const mountWith = (detail: unknown, row = logRow()) => {
    const server = fakeFetch(() => detail);
    vi.stubGlobal('fetch', server.fetch);
    const wrapper = mount(RequestDrawer, {
      props: { request: row, keyName: 'app', experimentName: null },
      attachTo: document.body,
      global: { stubs: { RouterLink: RouterLinkStub } },
    });
    return { wrapper, server };
  };

  it('shows the stored bodies and an upstream error as text, never as markup', async () => {
    const row = logRow({ status: 502, errorCode: 'server_error', errorMessage: HOSTILE, target: 'sim/sim-small' });
    const { wrapper, server } = mountWith(
      { ...row, requestBody: { messages: [{ role: 'user', content: HOSTILE }] }, responseBody: { choices: [{ message: { content: HOSTILE } }] } },
      row,
    );
    await flushPromises();
    expect(server.calls.map((u) => u.pathname)).toEqual(['/api/requests/req-1']);
    expect(wrapper.get('[data-testid="drawer-request-body"]').text()).toContain(HOSTILE.replace(/"/g, '\\"'));
    expect(wrapper.get('[data-testid="drawer-response-body"]').text()).toContain('<script>');
    expect(wrapper.get('[data-testid="drawer-error"]').text()).toContain(HOSTILE);
    expect(wrapper.find('img').exists()).toBe(false);
    expect(wrapper.find('script').exists()).toBe(false);
    expect((window as unknown as { pwned?: number }).pwned).toBeUndefined();
    wrapper.unmount();
  });

  it('shows attempts, tokens and cost, and says when bodies were not captured', async () => {
    const row = logRow({
      attempts: [
        { target: 'oai/gpt-a', error: 'server_error', latencyMs: 40 },
        { target: 'sim/sim-small', latencyMs: 120 },
      ],
      inputTokens: 1200,
      outputTokens: 30,
      costUsd: 0.0123,
      experimentId: 'e1',
      variant: 'cand',
    });
    const { wrapper } = mountWith(row, row);
    await flushPromises();
    const attempts = wrapper.findAll('[data-testid="attempt"]');
    expect(attempts.map((a) => a.attributes('data-outcome'))).toEqual(['failed', 'answered']);
    expect(attempts[0]!.text()).toContain('server_error');
    expect(wrapper.get('[data-testid="drawer-tokens"]').text()).toMatch(/1,200 \/ 30/);
    expect(wrapper.get('[data-testid="drawer-cost"]').text()).toMatch(/\$0\.012/);
    expect(wrapper.get('[data-testid="drawer-experiment"]').text()).toMatch(/e1.*variant cand/s);
    expect(wrapper.find('[data-testid="drawer-no-bodies"]').exists()).toBe(true);
    wrapper.unmount();
  });

  it('names the model that answered, and says no model answered only when none did', async () => {
    const answered = logRow({ target: 'sim/sim-instant', status: 200 });
    const ok = mountWith(answered, answered);
    await flushPromises();
    const by = (w: typeof ok.wrapper) =>
      w
        .findAll('dt')
        .find((d) => d.text() === 'Answered by')!
        .element.nextElementSibling!.textContent!.trim();
    expect(by(ok.wrapper)).toBe('sim/sim-instant');
    ok.wrapper.unmount();
    const failed = logRow({ target: 'sim/sim-small', status: 502, errorCode: 'server_error' });
    const bad = mountWith(failed, failed);
    await flushPromises();
    expect(by(bad.wrapper)).toBe('no model answered');
    bad.wrapper.unmount();
  });

  it('marks a cache hit: a badge, no model called, and what the stored answer saved', async () => {
    const row = logRow({ cache: 'hit', attempts: [], costUsd: 0, savedUsd: 0.0042, target: 'oai/gpt-a' });
    const { wrapper } = mountWith(row, row);
    await flushPromises();
    expect(wrapper.get('[data-testid="drawer-cache-hit"]').text()).toBe('cache hit');
    expect(wrapper.get('[data-testid="drawer-cache"]').text()).toMatch(/Answered from the response cache/);
    expect(wrapper.get('[data-testid="drawer-cost"]').text()).toMatch(/\$0\.0042 saved/);
    expect(wrapper.text()).toContain('the answer came from the response cache');
    wrapper.unmount();
  });

  it('names a cache miss in words, and says when the cache took no part', async () => {
    const miss = mountWith(logRow({ cache: 'miss' }), logRow({ cache: 'miss' }));
    await flushPromises();
    expect(miss.wrapper.find('[data-testid="drawer-cache-hit"]').exists()).toBe(false);
    expect(miss.wrapper.get('[data-testid="drawer-cache"]').text()).toMatch(/not found: the model answered/);
    miss.wrapper.unmount();
    const none = mountWith(logRow());
    await flushPromises();
    expect(none.wrapper.get('[data-testid="drawer-cache"]').text()).toBe('not used for this request');
    none.wrapper.unmount();
  });

  it('says in words why the stored request could not be read', async () => {
    const { wrapper } = mountWith(
      new Response(JSON.stringify({ error: { code: 'usage/request-not-found', message: 'No logged request with id req-1' } }), {
        status: 404,
        headers: { 'content-type': 'application/json' },
      }),
    );
    await flushPromises();
    expect(wrapper.get('[data-testid="drawer-load-error"]').text()).toContain('No logged request with id req-1');
    wrapper.unmount();
  });

  it('closes with its button and on Escape', async () => {
    const { wrapper } = mountWith(logRow());
    await flushPromises();
    await wrapper.get('[data-testid="drawer-close"]').trigger('click');
    await wrapper.get('dialog').trigger('cancel');
    expect(wrapper.emitted('close')).toHaveLength(2);
    wrapper.unmount();
  });
});
