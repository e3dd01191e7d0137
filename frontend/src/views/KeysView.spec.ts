import { flushPromises, mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { KeyDto } from '../api/types';
import { fakeFetch } from '../test/fixtures';
import KeysView from './KeysView.vue';

const key = (id: string, name: string): KeyDto => ({ id, name, prefix: `sy_${id}`, createdAt: '2026-12-01T10:00:00.000Z', revokedAt: null });
const problem = (status: number, message: string) =>
  new Response(JSON.stringify({ error: { code: 'keys/x', message }, requestId: 'r1' }), { status, headers: { 'content-type': 'application/json' } });

describe('KeysView revoking a key', () => {
  let keys: KeyDto[];
  let server: ReturnType<typeof fakeFetch>;
  let answerRevoke: (id: string) => Response | Promise<Response> | KeyDto;
  beforeEach(() => {
    setActivePinia(createPinia());
    keys = [key('k1', 'ci'), key('k2', 'web')];
    answerRevoke = (id) => ({ ...keys.find((k) => k.id === id)!, revokedAt: '2026-12-02T10:00:00.000Z' });
    server = fakeFetch((url, method) => {
      const target = /^\/api\/keys\/(\w+)\/revoke$/.exec(url.pathname);
      if (method === 'POST' && target) return answerRevoke(target[1]!);
      if (url.pathname === '/api/keys') return keys;
      if (url.pathname === '/api/models') return [];
      return new Response('{}', { status: 404 });
    });
    vi.stubGlobal('fetch', server.fetch);
  });
  afterEach(() => vi.unstubAllGlobals());

  const revokes = () => server.calls.filter((u) => u.pathname.endsWith('/revoke')).map((u) => u.pathname);
  const dialogOf = (wrapper: ReturnType<typeof mount>) => wrapper.get<HTMLDialogElement>('[data-testid="confirm-dialog"]');
  async function ask(wrapper: ReturnType<typeof mount>, row: number): Promise<void> {
    await wrapper.findAll('[data-testid="key-row"]')[row]!.get('[data-testid="key-revoke"]').trigger('click');
    await flushPromises();
  }

  it('asks first, then revokes that key while busy, closes and moves focus to the list heading', async () => {
    let release!: () => void;
    const answer = answerRevoke;
    answerRevoke = (id) =>
      new Promise(
        (resolve) => (release = () => resolve(new Response(JSON.stringify(answer(id)), { status: 200, headers: { 'content-type': 'application/json' } }))),
      );
    const wrapper = mount(KeysView, { attachTo: document.body });
    await flushPromises();
    await ask(wrapper, 1);
    expect(dialogOf(wrapper).element.open).toBe(true);
    expect(dialogOf(wrapper).get('h2').text()).toBe('Revoke key web?');
    expect(dialogOf(wrapper).text()).toContain('sy_k2…');
    expect(revokes()).toEqual([]);

    await dialogOf(wrapper).get('form').trigger('submit');
    await flushPromises();
    expect(revokes()).toEqual(['/api/keys/k2/revoke']);
    expect(dialogOf(wrapper).get('[data-testid="confirm-accept"]').text()).toBe('Revoking…');

    release();
    await flushPromises();
    expect(dialogOf(wrapper).element.open).toBe(false);
    expect(wrapper.findAll('[data-testid="key-row"]').map((r) => r.attributes('data-key-status'))).toEqual(['active', 'revoked']);
    expect(document.activeElement).toBe(wrapper.get('#keys-heading').element);
    wrapper.unmount();
  });

  it("keeps the dialog open with the server's reason when the revoke fails, and clears it when asked again", async () => {
    answerRevoke = () => problem(409, 'the key is already revoked');
    const wrapper = mount(KeysView, { attachTo: document.body });
    await flushPromises();
    await ask(wrapper, 0);
    await dialogOf(wrapper).get('form').trigger('submit');
    await flushPromises();
    expect(dialogOf(wrapper).element.open).toBe(true);
    expect(dialogOf(wrapper).get('[data-testid="confirm-error"]').text()).toBe('the key is already revoked');
    expect(dialogOf(wrapper).get('[data-testid="confirm-accept"]').text()).toBe('Revoke key');

    await dialogOf(wrapper).get('[data-testid="confirm-cancel"]').trigger('click');
    await flushPromises();
    expect(dialogOf(wrapper).element.open).toBe(false);
    await ask(wrapper, 1);
    expect(dialogOf(wrapper).find('[data-testid="confirm-error"]').exists()).toBe(false);
    expect(revokes()).toEqual(['/api/keys/k1/revoke']);
    wrapper.unmount();
  });
});
