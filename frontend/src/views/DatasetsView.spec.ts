import { flushPromises, mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { DatasetVersionDto } from '../api/types';
import ItemPreview from '../components/datasets/ItemPreview.vue';
import { datasetVersion as version, fakeFetch } from '../test/fixtures';
import DatasetsView from './DatasetsView.vue';

describe('DatasetsView after a version is deleted', () => {
  let versions: DatasetVersionDto[];
  beforeEach(() => {
    setActivePinia(createPinia());
    const server = fakeFetch((url, method) => {
      const target = /^\/api\/datasets\/support\/versions\/(\d+)$/.exec(url.pathname);
      if (method === 'DELETE' && target) {
        versions = versions.filter((v) => v.version !== Number(target[1]));
        return new Response(null, { status: 204 });
      }
      if (url.pathname === '/api/datasets') return [{ id: 'd1', name: 'support', description: '', latest: versions[0] ?? null, createdAt: '' }];
      if (url.pathname === '/api/datasets/support') return { id: 'd1', name: 'support', description: '', latest: versions[0] ?? null, createdAt: '', versions };
      return new Response('{}', { status: 404 });
    });
    vi.stubGlobal('fetch', server.fetch);
  });
  afterEach(() => vi.unstubAllGlobals());

  async function deleteVersion(wrapper: ReturnType<typeof mount>, n: number): Promise<void> {
    await wrapper.get(`[data-testid="version-row"][data-version="${n}"] [data-testid="version-delete"]`).trigger('click');
    await flushPromises();
    await wrapper.get('[data-testid="confirm-dialog"] form').trigger('submit');
    await flushPromises();
  }

  const mountView = async () => {
    const wrapper = mount(DatasetsView, {
      attachTo: document.body,
      global: { stubs: { UploadForm: true, FromTrafficForm: true, ItemPreview: true } },
    });
    await flushPromises();
    await wrapper.get('[data-testid="preview-support"]').trigger('click');
    await flushPromises();
    return wrapper;
  };

  it('previews the newest version left when the previewed one is deleted, and keeps the preview when another one is', async () => {
    versions = [version(3), version(2), version(1)];
    const wrapper = await mountView();
    expect(wrapper.getComponent(ItemPreview).props('version')).toBe(3);

    await deleteVersion(wrapper, 3);
    expect(wrapper.getComponent(ItemPreview).props('version')).toBe(2);
    expect(wrapper.get('[data-testid="version-row"][aria-current="true"]').attributes('data-version')).toBe('2');
    expect(wrapper.get('[data-testid="dataset-row"]').text()).toMatch(/v2/);

    await deleteVersion(wrapper, 1);
    expect(wrapper.getComponent(ItemPreview).props('version')).toBe(2);
    expect(wrapper.findAll('[data-testid="version-row"]').map((r) => r.attributes('data-version'))).toEqual(['2']);
    wrapper.unmount();
  });

  it('shows no versions or items once the last version is deleted', async () => {
    versions = [version(1)];
    const wrapper = await mountView();
    await deleteVersion(wrapper, 1);
    expect(wrapper.find('[data-testid="version-list"]').exists()).toBe(false);
    expect(wrapper.findComponent(ItemPreview).exists()).toBe(false);
    expect(wrapper.get('[data-testid="dataset-row"]').text()).toContain('no version');
    wrapper.unmount();
  });
});
