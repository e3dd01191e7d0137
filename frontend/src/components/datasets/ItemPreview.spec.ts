import { flushPromises, mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeFetch } from '../../test/fixtures';
import ItemPreview from './ItemPreview.vue';

const HOSTILE = '<img src=x onerror="window.pwned=1">';

describe('ItemPreview', () => {
  let server: ReturnType<typeof fakeFetch>;
  beforeEach(() => {
    vi.useFakeTimers();
    setActivePinia(createPinia());
    server = fakeFetch((url) => {
      const search = url.searchParams.get('search') ?? '';
      const items = [1, 2, 3]
        .map((i) => ({ index: i, id: null, input: { question: `${url.pathname.split('/')[3]} item ${i} ${HOSTILE}` } }))
        .filter((it) => it.input.question.includes(search));
      return { total: items.length, items };
    });
    vi.stubGlobal('fetch', server.fetch);
  });
  afterEach(() => {
    vi.useRealTimers();
    vi.unstubAllGlobals();
  });

  const asked = () => server.calls.map((u) => `${u.pathname.replace('/api/datasets/', '')} ${u.searchParams.get('search')}`);

  it('keeps the search for another version of the dataset, and clears it for another dataset', async () => {
    const wrapper = mount(ItemPreview, { props: { name: 'math', version: 2 } });
    await flushPromises();
    await wrapper.get('[data-testid="item-search"]').setValue('item 2');
    await vi.advanceTimersByTimeAsync(300);
    expect(wrapper.get('[data-testid="item-total"]').text()).toBe('1 item');
    await wrapper.setProps({ version: 1 });
    await flushPromises();
    expect(wrapper.get<HTMLInputElement>('[data-testid="item-search"]').element.value).toBe('item 2');
    await wrapper.setProps({ name: 'support', version: 1 });
    await flushPromises();
    await vi.advanceTimersByTimeAsync(300);
    expect(wrapper.get<HTMLInputElement>('[data-testid="item-search"]').element.value).toBe('');
    expect(wrapper.get('[data-testid="item-total"]').text()).toBe('3 items');
    // One question each: the cleared search is not asked again after the pause.
    expect(asked()).toEqual(['math/versions/2/items ', 'math/versions/2/items item 2', 'math/versions/1/items item 2', 'support/versions/1/items ']);
    expect(wrapper.find('img').exists()).toBe(false);
  });
});
