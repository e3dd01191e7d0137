import { flushPromises, mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ProviderDto } from '../api/types';
import { fakeFetch } from '../test/fixtures';
import ProvidersView from './ProvidersView.vue';

const provider = (id: string, name: string): ProviderDto => ({
  id,
  name,
  kind: 'simulator',
  baseUrl: '',
  hasApiKey: false,
  headerNames: [],
  options: {},
  timeouts: {} as ProviderDto['timeouts'],
  models: [],
  createdAt: '2026-12-01T10:00:00.000Z',
});

describe('ProvidersView deleting a provider', () => {
  let providers: ProviderDto[];
  let server: ReturnType<typeof fakeFetch>;
  let answerDelete: () => Response;
  beforeEach(() => {
    setActivePinia(createPinia());
    providers = [provider('p1', 'sim'), provider('p2', 'openai')];
    answerDelete = () => new Response(null, { status: 204 });
    server = fakeFetch((url, method) => {
      if (method === 'DELETE') return answerDelete();
      if (url.pathname === '/api/providers') return providers;
      if (url.pathname === '/api/models') return [];
      return new Response('{}', { status: 404 });
    });
    vi.stubGlobal('fetch', server.fetch);
  });
  afterEach(() => vi.unstubAllGlobals());

  const dialogOf = (wrapper: ReturnType<typeof mount>) => wrapper.get<HTMLDialogElement>('[data-testid="confirm-dialog"]');
  async function askAndConfirm(wrapper: ReturnType<typeof mount>, name: string): Promise<void> {
    await wrapper.get(`[data-provider="${name}"] [data-testid="provider-delete"]`).trigger('click');
    await flushPromises();
    expect(dialogOf(wrapper).get('h2').text()).toBe(`Delete provider ${name}?`);
    await dialogOf(wrapper).get('form').trigger('submit');
    await flushPromises();
  }

  it('deletes after confirmation, says so and moves focus to the list heading', async () => {
    const wrapper = mount(ProvidersView, { attachTo: document.body });
    await flushPromises();
    await askAndConfirm(wrapper, 'openai');
    expect(server.calls.filter((u) => u.pathname === '/api/providers/p2')).toHaveLength(1);
    expect(dialogOf(wrapper).element.open).toBe(false);
    expect(wrapper.findAll('[data-testid="provider-row"]').map((r) => r.attributes('data-provider'))).toEqual(['sim']);
    expect(wrapper.get('[data-testid="providers-notice"]').text()).toBe('Deleted openai and its models.');
    expect(document.activeElement).toBe(wrapper.get('#providers-heading').element);
    wrapper.unmount();
  });

  it("keeps the dialog open with the server's reason when the delete fails", async () => {
    answerDelete = () =>
      new Response(JSON.stringify({ error: { code: 'providers/in-use', message: 'route main uses openai' }, requestId: 'r1' }), {
        status: 409,
        headers: { 'content-type': 'application/json' },
      });
    const wrapper = mount(ProvidersView, { attachTo: document.body });
    await flushPromises();
    await askAndConfirm(wrapper, 'openai');
    expect(dialogOf(wrapper).element.open).toBe(true);
    expect(dialogOf(wrapper).get('[data-testid="confirm-error"]').text()).toBe('route main uses openai');
    expect(wrapper.findAll('[data-testid="provider-row"]')).toHaveLength(2);
    expect(wrapper.find('[data-testid="providers-notice"]').exists()).toBe(false);
    wrapper.unmount();
  });
});
