import { mount } from '@vue/test-utils';
import { describe, expect, it } from 'vitest';
import { logRow } from '../../test/fixtures';
import RequestTable from './RequestTable.vue';

describe('RequestTable', () => {
  const rows = [
    logRow({ requestId: 'a' }),
    logRow({ requestId: 'b', status: 429, errorCode: 'rate_limited', experimentId: 'e1', variant: 'cand' }),
    logRow({ requestId: 'c', cache: 'hit', costUsd: 0, savedUsd: 0.002 }),
    logRow({ requestId: 'd', cache: 'miss' }),
  ];
  const mountTable = () =>
    mount(RequestTable, {
      props: { rows, keyName: () => 'app', experimentName: (id: string | null) => (id ? 'split' : null) },
      attachTo: document.body,
    });

  it('walks the rows with the arrow keys, Home and End, and opens one with its button', async () => {
    const wrapper = mountTable();
    const buttons = wrapper.findAll<HTMLButtonElement>('[data-testid="log-open"]');
    buttons[0]!.element.focus();
    await buttons[0]!.trigger('keydown', { key: 'ArrowDown' });
    expect(document.activeElement).toBe(buttons[1]!.element);
    await buttons[1]!.trigger('keydown', { key: 'End' });
    expect(document.activeElement).toBe(buttons[3]!.element);
    await buttons[3]!.trigger('keydown', { key: 'ArrowDown' });
    expect(document.activeElement).toBe(buttons[3]!.element);
    await buttons[3]!.trigger('keydown', { key: 'Home' });
    expect(document.activeElement).toBe(buttons[0]!.element);
    await buttons[1]!.trigger('click');
    expect(wrapper.emitted('open')).toEqual([[rows[1]]]);
    wrapper.unmount();
  });

  it('marks errors and names the experiment and variant', () => {
    const wrapper = mountTable();
    const row = wrapper.findAll('[data-testid="log-row"]')[1]!;
    expect(row.attributes('data-status')).toBe('error');
    expect(row.text()).toContain('rate_limited');
    expect(row.get('[data-testid="log-experiment"]').text()).toBe('split · cand');
    wrapper.unmount();
  });

  it('badges cache hits only, with what they saved', () => {
    const wrapper = mountTable();
    const badged = wrapper.findAll('[data-testid="log-row"]').filter((r) => r.find('[data-testid="log-cache-hit"]').exists());
    expect(badged.map((r) => r.attributes('data-request-id'))).toEqual(['c']);
    expect(badged[0]!.get('[data-testid="log-cache-hit"]').attributes('title')).toMatch(/no model was called/);
    expect(badged[0]!.text()).toMatch(/saved \$0\.002/);
    wrapper.unmount();
  });
});
