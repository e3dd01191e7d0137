import { flushPromises, mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import fixture from '../test/grader-types.json';
import GradersView from './GradersView.vue';

type Call = { method: string; path: string; body: unknown };

/** The admin API as the page uses it: answers by method and path, every call recorded with its body. */
function fakeApi(answer: (c: Call) => { status?: number; body: unknown } | undefined) {
  const calls: Call[] = [];
  const fetch = async (input: RequestInfo | URL, init: RequestInit = {}) => {
    const call = {
      method: init.method ?? 'GET',
      path: new URL(String(input), 'http://console.test').pathname,
      body: init.body ? JSON.parse(String(init.body)) : undefined,
    };
    calls.push(call);
    const r = answer(call) ?? { status: 404, body: { error: { code: 'test/unexpected', message: `no fake for ${call.method} ${call.path}` } } };
    return new Response(JSON.stringify(r.body), { status: r.status ?? 200, headers: { 'content-type': 'application/json' } });
  };
  return { fetch, calls };
}

const AVAILABLE = ['input', 'expected', 'output', 'rubric', 'metadata'].map((name) => ({ name, description: `the ${name}` }));
const saved = {
  id: '1',
  name: 'capital-exact',
  type: 'exact_match',
  config: { expected: 'Paris', normalize: { ignoreCase: false } },
  description: '',
  createdAt: '',
  updatedAt: '',
};

describe('GradersView', () => {
  beforeEach(() => setActivePinia(createPinia()));
  afterEach(() => {
    vi.unstubAllGlobals();
    vi.useRealTimers();
  });

  const mountWith = async (answer: Parameters<typeof fakeApi>[0]) => {
    const api = fakeApi((c) => {
      if (c.path === '/api/graders' && c.method === 'GET') return { body: [saved] };
      if (c.path === '/api/graders/types') return { body: fixture };
      return answer(c);
    });
    vi.stubGlobal('fetch', api.fetch);
    const wrapper = mount(GradersView, { attachTo: document.body });
    await flushPromises();
    return { wrapper, api };
  };

  it('builds a judge config with the generated form, checking the prompt as it is typed', async () => {
    vi.useFakeTimers();
    const { wrapper, api } = await mountWith((c) => {
      if (c.path !== '/api/templates/validate') return undefined;
      const template = (c.body as { template: string }).template;
      return template.includes('{{topic}}')
        ? { body: { ok: false, error: { line: 2, column: 9, message: 'unknown variable `topic`' }, variables: ['output', 'topic'], available: AVAILABLE } }
        : { body: { ok: true, variables: ['output'], available: AVAILABLE } };
    });
    await wrapper.get('[data-testid="grader-type"]').setValue('llm_judge');
    expect(wrapper.get('label[for$="-model"]').text()).toContain('*');
    expect(
      wrapper
        .get('[data-testid="config-field-template"]')
        .findAll('option')
        .map((o) => o.text()),
    ).toEqual(['Default (factuality)', 'factuality', 'closed_qa', 'rubric']);

    await wrapper.get('[data-testid="config-field-model"]').setValue('judge-route');
    await wrapper.get('[data-testid="template-editor"]').setValue('Is {{output}}\nabout {{topic}}?');
    await vi.advanceTimersByTimeAsync(100);
    expect(api.calls.filter((c) => c.path === '/api/templates/validate')).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(300);
    await flushPromises();
    const checks = api.calls.filter((c) => c.path === '/api/templates/validate');
    expect(checks.map((c) => c.body)).toEqual([{ template: 'Is {{output}}\nabout {{topic}}?' }]);
    expect(wrapper.get('[data-testid="template-error"]').text()).toBe('Line 2, column 9: unknown variable `topic`');
    expect(wrapper.get('[data-testid="template-line-highlight"]').attributes('data-line')).toBe('2');
    expect(wrapper.get('[data-testid="template-variables"]').text()).toContain('{{metadata}}');

    await wrapper.get('[data-testid="template-editor"]').setValue('Is {{output}} right?');
    await wrapper.get('[data-testid="config-field-choices"]').setValue('Y = 1\nN = 0');
    await vi.advanceTimersByTimeAsync(400);
    await flushPromises();
    expect(wrapper.find('[data-testid="template-error"]').exists()).toBe(false);
    expect(wrapper.get('[data-testid="template-ok"]').text()).toContain('reads output');

    await wrapper.get('[data-testid="config-mode-json"]').trigger('click');
    expect(JSON.parse((wrapper.get('[data-testid="grader-config"]').element as HTMLTextAreaElement).value)).toEqual({
      model: 'judge-route',
      prompt: 'Is {{output}} right?',
      choices: { Y: 1, N: 0 },
    });
    await wrapper.get('[data-testid="grader-config"]').setValue('{"model": "other", "passThreshold": 0.9}');
    await wrapper.get('[data-testid="config-mode-form"]').trigger('click');
    expect((wrapper.get('[data-testid="config-field-model"]').element as HTMLInputElement).value).toBe('other');
    expect((wrapper.get('[data-testid="config-field-passThreshold"]').element as HTMLInputElement).value).toBe('0.9');
    wrapper.unmount();
  });

  it('shows problems next to the fields, its own before saving and the server’s after', async () => {
    const { wrapper, api } = await mountWith((c) =>
      c.path === '/api/graders' && c.method === 'POST'
        ? {
            status: 400,
            body: {
              error: {
                code: 'request/invalid-body',
                message: 'Invalid request: config.flags must match pattern',
                details: [{ path: 'config.flags', message: 'must match pattern "^[imsu]*$"' }],
              },
            },
          }
        : undefined,
    );
    await wrapper.get('[data-testid="grader-type"]').setValue('regex');
    await wrapper.get('[data-testid="grader-name"]').setValue('has-year');
    await wrapper.get('form').trigger('submit');
    await flushPromises();
    expect(wrapper.get('[data-testid="config-field-pattern-error"]').text()).toBe('is required');
    expect(api.calls.filter((c) => c.method === 'POST')).toHaveLength(0);

    await wrapper.get('[data-testid="config-field-pattern"]').setValue('\\d{4}');
    await wrapper.get('form').trigger('submit');
    await flushPromises();
    expect(api.calls.find((c) => c.method === 'POST')?.body).toEqual({ name: 'has-year', type: 'regex', config: { pattern: '\\d{4}' }, description: '' });
    expect(wrapper.find('[data-testid="config-field-pattern-error"]').exists()).toBe(false);
    expect(wrapper.get('[data-testid="config-field-flags-error"]').text()).toBe('must match pattern "^[imsu]*$"');
    expect(wrapper.get('[data-testid="grader-save-problems"]').text()).toContain('Invalid request');
    wrapper.unmount();
  });

  it('opens a saved grader in the form, and tries it on a sample answer', async () => {
    const { wrapper, api } = await mountWith((c) =>
      c.path === '/api/graders/try' ? { body: { ok: true, score: 0, pass: false, reason: 'expected "Paris", got "paris"' } } : undefined,
    );
    await wrapper.get('[data-testid="grader-edit"]').trigger('click');
    expect((wrapper.get('[data-testid="grader-name"]').element as HTMLInputElement).value).toBe('capital-exact');
    expect((wrapper.get('[data-testid="config-field-expected"]').element as HTMLTextAreaElement).value).toBe('"Paris"');
    expect((wrapper.get('[data-testid="config-field-normalize-ignoreCase"]').element as HTMLInputElement).checked).toBe(false);
    expect((wrapper.get('[data-testid="config-field-normalize-trim"]').element as HTMLInputElement).checked).toBe(true);
    expect(wrapper.get('[data-testid="grader-save"]').text()).toBe('Save changes');

    await wrapper.get('[data-testid="grader-output"]').setValue('paris');
    await wrapper.get('[data-testid="grader-try"]').trigger('click');
    await flushPromises();
    expect(api.calls.find((c) => c.path === '/api/graders/try')?.body).toEqual({
      grader: { type: 'exact_match', config: { expected: 'Paris', normalize: { ignoreCase: false } } },
      output: 'paris',
      item: { input: { question: 'What is the capital of France?' }, expected: 'Paris' },
    });
    expect(wrapper.get('[data-testid="grader-result"]').text()).toContain('Score 0.00 — fail: expected "Paris", got "paris"');

    await wrapper.get('[data-testid="grader-item"]').setValue('{"input": ');
    await wrapper.get('[data-testid="grader-try"]').trigger('click');
    expect(wrapper.get('[data-testid="grader-item-error"]').text()).toMatch(/^The item is not valid JSON/);
    wrapper.unmount();
  });
});
