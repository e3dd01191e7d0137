import { flushPromises, mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { DatasetVersionDto } from '../../api/types';
import { fakeFetch } from '../../test/fixtures';
import VersionList from './VersionList.vue';

const version = (n: number, over: Partial<DatasetVersionDto> = {}): DatasetVersionDto => ({
  version: n,
  format: 'jsonl',
  source: 'upload',
  rows: 10 * n,
  skipped: 0,
  fields: { input: { question: 10 * n }, metadata: {}, withExpected: 0 },
  createdAt: `2026-12-0${n}T10:00:00.000Z`,
  ...over,
});

describe('VersionList', () => {
  let versions: DatasetVersionDto[];
  let server: ReturnType<typeof fakeFetch>;
  beforeEach(() => {
    setActivePinia(createPinia());
    versions = [
      version(3, { format: 'traffic', source: 'traffic', fields: { input: { messages: 30 }, metadata: {}, withExpected: 12 } }),
      version(2, { format: 'csv', source: 'cases.csv', skipped: 4 }),
      version(1),
    ];
    server = fakeFetch((url) => {
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
});
