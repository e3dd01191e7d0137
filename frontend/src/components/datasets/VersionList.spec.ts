import { flushPromises, mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { DatasetVersionDto } from '../../api/types';
import { datasetVersion as version, fakeFetch } from '../../test/fixtures';
import VersionList from './VersionList.vue';

describe('VersionList', () => {
  let versions: DatasetVersionDto[];
  let server: ReturnType<typeof fakeFetch>;
  let deleted: string[];
  /** How the server answers a DELETE of a version; the version is gone after a 204. */
  let answerDelete: (version: number) => Response | Promise<Response>;
  beforeEach(() => {
    deleted = [];
    answerDelete = () => new Response(null, { status: 204 });
    setActivePinia(createPinia());
    versions = [
      version(3, { format: 'traffic', source: 'traffic', fields: { input: { messages: 30 }, metadata: {}, withExpected: 12 } }),
      version(2, { format: 'csv', source: 'cases.csv', skipped: 4 }),
      version(1),
    ];
    server = fakeFetch(async (url, method) => {
      const target = /^\/api\/datasets\/support\/versions\/(\d+)$/.exec(url.pathname);
      if (method === 'DELETE' && target) {
        deleted.push(url.pathname);
        const n = Number(target[1]);
        const res = await answerDelete(n);
        if (res.status === 204) versions = versions.filter((v) => v.version !== n);
        return res;
      }
      if (url.pathname === '/api/datasets') return [{ id: 'd1', name: 'support', description: '', latest: versions[0] ?? null, createdAt: '' }];
      if (url.pathname === '/api/datasets/support') return { id: 'd1', name: 'support', description: '', latest: versions[0], createdAt: '', versions };
      return new Response('{}', { status: 404 });
    });
    vi.stubGlobal('fetch', server.fetch);
  });
  afterEach(() => vi.unstubAllGlobals());

  it('lists every version newest first with when, where from and how many, and marks the one previewed', async () => {
    const wrapper = mount(VersionList, { props: { name: 'support', version: 2 } });
    await flushPromises();
    const rows = wrapper.findAll('[data-testid="version-row"]');
    expect(rows.map((r) => r.attributes('data-version'))).toEqual(['3', '2', '1']);
    expect(rows.map((r) => r.get('[data-testid="version-source"]').text())).toEqual(['Captured traffic', 'Upload (CSV)', 'Upload (JSONL)']);
    expect(rows[1]!.text()).toContain('cases.csv');
    expect(rows[1]!.text()).toMatch(/20\s*4 skipped/);
    expect(rows[0]!.text()).toContain('12 with expected');
    expect(rows[0]!.find('time').attributes('datetime')).toBe('2026-12-03T10:00:00.000Z');
    expect(rows[1]!.attributes('aria-current')).toBe('true');
    expect(rows[1]!.find('[data-testid="version-preview"]').exists()).toBe(false);
    await rows[2]!.get('[data-testid="version-preview"]').trigger('click');
    expect(wrapper.emitted('select')).toEqual([[1]]);
  });

  it('reads the list again for a version it has not seen, not for one it has', async () => {
    const wrapper = mount(VersionList, { props: { name: 'support', version: 3 } });
    await flushPromises();
    await wrapper.setProps({ version: 1 });
    await flushPromises();
    expect(server.calls).toHaveLength(1);
    versions = [version(4, { format: 'traffic', source: 'traffic' }), ...versions];
    await wrapper.setProps({ version: 4 });
    await flushPromises();
    expect(server.calls).toHaveLength(2);
    expect(wrapper.findAll('[data-testid="version-row"]')).toHaveLength(4);
  });

  it('says in words why the list could not be read', async () => {
    const wrapper = mount(VersionList, { props: { name: 'gone', version: 1 } });
    await flushPromises();
    expect(wrapper.get('[data-testid="version-error"]').text()).toMatch(/server answered 404/);
  });

  describe('deleting a version', () => {
    const rowOf = (wrapper: ReturnType<typeof mount>, n: number) => wrapper.get(`[data-testid="version-row"][data-version="${n}"]`);
    const dialogOf = (wrapper: ReturnType<typeof mount>) => wrapper.get<HTMLDialogElement>('[data-testid="confirm-dialog"]');
    /** Mounts the list previewing `previewed` and clicks Delete on version `n`. */
    const askDelete = async (previewed: number, n: number) => {
      const wrapper = mount(VersionList, { props: { name: 'support', version: previewed }, attachTo: document.body });
      await flushPromises();
      await rowOf(wrapper, n).get('[data-testid="version-delete"]').trigger('click');
      await flushPromises();
      return wrapper;
    };

    it('asks first, naming the dataset and the version and saying the server refuses while an experiment uses it', async () => {
      const wrapper = mount(VersionList, { props: { name: 'support', version: 3 }, attachTo: document.body });
      await flushPromises();
      expect(dialogOf(wrapper).element.open).toBe(false);
      const button = rowOf(wrapper, 2).get('[data-testid="version-delete"]');
      expect(button.text()).toBe('Delete v2');
      await button.trigger('click');
      await flushPromises();
      const dialog = dialogOf(wrapper);
      expect(dialog.element.open).toBe(true);
      expect(dialog.get('h2').text()).toBe('Delete v2 of support?');
      expect(dialog.text()).toMatch(/Version v2 of support and its 20 items are deleted for good/);
      expect(dialog.text()).toMatch(/refuses while an experiment uses this version/);
      expect(deleted).toEqual([]);
      wrapper.unmount();
    });

    it('on confirm, sends DELETE for that version, is busy meanwhile, then reads both lists again and emits removed', async () => {
      let release!: () => void;
      answerDelete = () => new Promise<Response>((resolve) => (release = () => resolve(new Response(null, { status: 204 }))));
      const wrapper = await askDelete(2, 2);
      await dialogOf(wrapper).get('form').trigger('submit');
      await flushPromises();

      expect(deleted).toEqual(['/api/datasets/support/versions/2']);
      expect(dialogOf(wrapper).get('[data-testid="confirm-accept"]').text()).toBe('Deleting…');
      expect(dialogOf(wrapper).get<HTMLButtonElement>('[data-testid="confirm-accept"]').element.disabled).toBe(true);
      expect(rowOf(wrapper, 2).get<HTMLButtonElement>('[data-testid="version-delete"]').element.disabled).toBe(true);
      expect(wrapper.emitted('removed')).toBeUndefined();

      release();
      await flushPromises();
      expect(wrapper.emitted('removed')).toEqual([[2]]);
      expect(dialogOf(wrapper).element.open).toBe(false);
      expect(wrapper.findAll('[data-testid="version-row"]').map((r) => r.attributes('data-version'))).toEqual(['3', '1']);
      // The datasets list (each one's latest version) was read again after the deletion, not before.
      const paths = server.calls.map((u) => u.pathname);
      expect(paths.indexOf('/api/datasets')).toBeGreaterThan(paths.indexOf('/api/datasets/support/versions/2'));
      expect(document.activeElement).toBe(wrapper.get('h2').element);
      wrapper.unmount();
    });

    it("keeps the dialog open with the server's reason when it refuses (409 while an experiment uses the version)", async () => {
      const message = 'support version 1 is used by an experiment; delete the experiment first';
      answerDelete = () =>
        new Response(JSON.stringify({ error: { code: 'datasets/in-use', message }, requestId: 'r1' }), {
          status: 409,
          headers: { 'content-type': 'application/json' },
        });
      const wrapper = await askDelete(3, 1);
      await dialogOf(wrapper).get('form').trigger('submit');
      await flushPromises();

      expect(deleted).toEqual(['/api/datasets/support/versions/1']);
      expect(dialogOf(wrapper).element.open).toBe(true);
      expect(dialogOf(wrapper).get('[data-testid="confirm-error"]').text()).toBe(message);
      expect(dialogOf(wrapper).get('[data-testid="confirm-accept"]').text()).toBe('Delete version');
      expect(wrapper.emitted('removed')).toBeUndefined();
      expect(wrapper.findAll('[data-testid="version-row"]')).toHaveLength(3);
      wrapper.unmount();
    });

    it('deletes nothing when cancelled', async () => {
      const wrapper = await askDelete(3, 3);
      await dialogOf(wrapper).get('[data-testid="confirm-cancel"]').trigger('click');
      await flushPromises();
      expect(dialogOf(wrapper).element.open).toBe(false);
      expect(deleted).toEqual([]);
      expect(server.calls.map((u) => u.pathname)).toEqual(['/api/datasets/support']);
      expect(wrapper.emitted('removed')).toBeUndefined();
      expect(wrapper.findAll('[data-testid="version-row"]')).toHaveLength(3);
      wrapper.unmount();
    });
  });
});
