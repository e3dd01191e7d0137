import { flushPromises, mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { RouteVersionDto } from '../../api/types';
import RouteHistory from './RouteHistory.vue';

const version = (n: number): RouteVersionDto => ({
  version: n,
  spec: {} as RouteVersionDto['spec'],
  actor: 'admin',
  reason: '',
  rollbackOf: null,
  createdAt: `2026-12-0${n}T10:00:00.000Z`,
});
const json = (body: unknown, status = 200) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

describe('RouteHistory rolling back', () => {
  let rollbacks: unknown[];
  let answerRollback: () => Response;
  beforeEach(() => {
    setActivePinia(createPinia());
    rollbacks = [];
    answerRollback = () => json({ alias: 'main', currentVersion: 3 });
    vi.stubGlobal('fetch', async (input: RequestInfo | URL, init: RequestInit = {}) => {
      const path = new URL(String(input), 'http://console.test').pathname;
      if (path === '/api/routes/main/rollback') {
        rollbacks.push(JSON.parse(String(init.body)));
        return answerRollback();
      }
      if (path === '/api/routes/main/versions') return json([version(2), version(1)]);
      if (path === '/api/routes/main/diff') return json({ changes: [] });
      return json({}, 404);
    });
  });
  afterEach(() => vi.unstubAllGlobals());

  const dialogOf = (wrapper: ReturnType<typeof mount>) => wrapper.get<HTMLDialogElement>('[data-testid="confirm-dialog"]');
  async function askAndConfirm(wrapper: ReturnType<typeof mount>, reason: string): Promise<void> {
    await wrapper.get('[data-testid="rollback-1"]').trigger('click');
    await flushPromises();
    expect(dialogOf(wrapper).get('h2').text()).toBe('Roll main back to v1?');
    await wrapper.get('[data-testid="rollback-reason"]').setValue(reason);
    await dialogOf(wrapper).get('form').trigger('submit');
    await flushPromises();
  }

  it('sends the version and the reason after confirmation, then closes and forgets the reason', async () => {
    const wrapper = mount(RouteHistory, { props: { alias: 'main', currentVersion: 2 }, attachTo: document.body });
    await flushPromises();
    expect(wrapper.find('[data-testid="rollback-2"]').exists()).toBe(false);
    await askAndConfirm(wrapper, 'too slow');
    expect(rollbacks).toEqual([{ toVersion: 1, reason: 'too slow' }]);
    expect(dialogOf(wrapper).element.open).toBe(false);
    expect(wrapper.get<HTMLInputElement>('[data-testid="rollback-reason"]').element.value).toBe('');
    wrapper.unmount();
  });

  it("keeps the dialog and the reason when the rollback fails, with the server's reason", async () => {
    answerRollback = () => json({ error: { code: 'routes/x', message: 'v1 names a model that is gone' }, requestId: 'r1' }, 409);
    const wrapper = mount(RouteHistory, { props: { alias: 'main', currentVersion: 2 }, attachTo: document.body });
    await flushPromises();
    await askAndConfirm(wrapper, 'too slow');
    expect(dialogOf(wrapper).element.open).toBe(true);
    expect(dialogOf(wrapper).get('[data-testid="confirm-error"]').text()).toBe('v1 names a model that is gone');
    expect(wrapper.get<HTMLInputElement>('[data-testid="rollback-reason"]').element.value).toBe('too slow');
    expect(dialogOf(wrapper).get('[data-testid="confirm-accept"]').text()).toBe('Roll back');
    wrapper.unmount();
  });
});
