import { mount } from '@vue/test-utils';
import { describe, expect, it } from 'vitest';
import FilterSelect from './FilterSelect.vue';
import { choicesWith } from './filter-options';

const OPTIONS = [
  { value: 'k1', label: 'web-app' },
  { value: 'k2', label: 'batch' },
];

describe('FilterSelect', () => {
  const mountSelect = (value: string) =>
    mount(FilterSelect, {
      props: {
        id: 'log-key',
        label: 'Key',
        value,
        any: 'Any key',
        options: OPTIONS,
        unknownLabel: (v: string) => `${v.slice(0, 4)}…`,
        testid: 'log-filter-key',
      },
    });

  it('labels the select, offers "any" first and shows the current value', () => {
    const wrapper = mountSelect('k2');
    const select = wrapper.get<HTMLSelectElement>('select');
    expect(wrapper.get('label').attributes('for')).toBe('log-key');
    expect(select.attributes('id')).toBe('log-key');
    expect(select.attributes('data-testid')).toBe('log-filter-key');
    expect(wrapper.findAll('option').map((o) => [o.attributes('value'), o.text()])).toEqual([
      ['', 'Any key'],
      ['k1', 'web-app'],
      ['k2', 'batch'],
    ]);
    expect(select.element.value).toBe('k2');
  });

  it('emits the chosen value, "" for any', async () => {
    const wrapper = mountSelect('');
    await wrapper.get('select').setValue('k1');
    await wrapper.get('select').setValue('');
    expect(wrapper.emitted('change')).toEqual([['k1'], ['']]);
  });

  it('keeps a value the list lacks, named by unknownLabel', () => {
    const wrapper = mountSelect('deadbeef-gone');
    expect(wrapper.findAll('option').at(-1)!.text()).toBe('dead…');
    expect(wrapper.get<HTMLSelectElement>('select').element.value).toBe('deadbeef-gone');
    expect(choicesWith(OPTIONS, '')).toEqual(OPTIONS);
    expect(choicesWith(OPTIONS, 'k1')).toEqual(OPTIONS);
    expect(choicesWith(OPTIONS, 'x')).toEqual([...OPTIONS, { value: 'x', label: 'x' }]);
  });
});
