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
/** What the server sends as `system`: the verdict format, its placeholder in angle brackets (text, not markup). */
const SYSTEM = 'Reason step by step first. Then end with one line exactly of the form `CHOICE: <letter or number>` and nothing after it.';
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
    expect(checks.map((c) => c.body)).toEqual([
      {
        template: 'Is {{output}}\nabout {{topic}}?',
        sample: { output: '', item: { input: { question: 'What is the capital of France?' }, expected: 'Paris' } },
      },
    ]);
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

  it('previews the judge prompt with the Try panel’s sample in the same debounced check, as text, after the system message', async () => {
    vi.useFakeTimers();
    const { wrapper, api } = await mountWith((c) => {
      if (c.path !== '/api/templates/validate') return undefined;
      const { template, sample } = c.body as { template: string; sample?: { output: string; item: { input: { question: string } }; rubric?: string } };
      const preview =
        sample &&
        template
          .replace('{{output}}', sample.output)
          .replace('{{input}}', sample.item.input.question)
          .replace('{{rubric}}', sample.rubric ?? '');
      return { body: { ok: true, variables: ['input', 'output'], available: AVAILABLE, system: SYSTEM, preview } };
    });
    const checks = () => api.calls.filter((c) => c.path === '/api/templates/validate').map((c) => c.body as { template: string; sample?: unknown });
    await wrapper.get('[data-testid="grader-type"]').setValue('llm_judge');
    await wrapper.get('[data-testid="config-field-rubric"]').setValue('Be strict.');
    await wrapper.get('[data-testid="template-editor"]').setValue('Q: {{input}}\nA: {{output}}\nBy: {{rubric}}');
    await vi.advanceTimersByTimeAsync(400);
    await flushPromises();
    const before = checks().length;
    expect(checks().at(-1)).toEqual({
      template: 'Q: {{input}}\nA: {{output}}\nBy: {{rubric}}',
      sample: { output: '', item: { input: { question: 'What is the capital of France?' }, expected: 'Paris' }, rubric: 'Be strict.' },
    });
    expect(wrapper.get('[data-testid="template-preview-panel"]').text()).toContain('What the judge model receives');

    // The sample output is untrusted model text: typed in the Try panel, it is rechecked once and shown as text.
    const html = '<img src=x onerror=alert(1)>';
    await wrapper.get('[data-testid="grader-output"]').setValue(html);
    await vi.advanceTimersByTimeAsync(400);
    await flushPromises();
    expect(checks()).toHaveLength(before + 1);
    expect(checks().at(-1)?.sample).toMatchObject({ output: html });
    const pre = wrapper.get('[data-testid="template-preview"]');
    expect(pre.element.tagName).toBe('PRE');
    expect(pre.text()).toBe(`Q: What is the capital of France?\nA: ${html}\nBy: Be strict.`);
    expect(pre.find('img').exists()).toBe(false);
    expect(document.querySelector('img')).toBeNull();

    // Above it, the system message Switchyard adds, as text and labelled; each block named by its label.
    const panel = wrapper.get('[data-testid="template-preview-panel"]');
    const system = wrapper.get('[data-testid="template-preview-system"]');
    const systemLabel = wrapper.get('[data-testid="template-preview-system-label"]');
    const userLabel = wrapper.get('[data-testid="template-preview-user-label"]');
    expect(systemLabel.text()).toBe('System (added by Switchyard)');
    expect(userLabel.text()).toBe('User (your prompt)');
    expect(system.element.tagName).toBe('PRE');
    expect(system.text()).toBe(SYSTEM);
    expect(system.find('letter').exists()).toBe(false);
    expect(system.attributes('aria-labelledby')?.split(' ')).toContain(systemLabel.attributes('id'));
    expect(pre.attributes('aria-labelledby')?.split(' ')).toContain(userLabel.attributes('id'));
    const order = panel.findAll('[data-testid^="template-preview"]').map((e) => e.attributes('data-testid'));
    expect(order).toEqual(['template-preview-system-label', 'template-preview-system', 'template-preview-user-label', 'template-preview']);

    // An item the API would refuse is not sent: the check still runs, and the preview says why it is missing.
    await wrapper.get('[data-testid="grader-item"]').setValue('{"input": ');
    await vi.advanceTimersByTimeAsync(400);
    await flushPromises();
    expect(checks().at(-1)).toEqual({ template: 'Q: {{input}}\nA: {{output}}\nBy: {{rubric}}' });
    expect(wrapper.find('[data-testid="template-preview"]').exists()).toBe(false);
    expect(wrapper.get('[data-testid="template-preview-missing"]').text()).toMatch(/No preview: the item below cannot be used\. The item is not valid JSON/);
    // The system message does not depend on the sample: it stays.
    expect(wrapper.get('[data-testid="template-preview-system"]').text()).toBe(SYSTEM);
    wrapper.unmount();
  });

  it('edits a composite’s sub-graders with a form each, their problems stopping a try and shown where they belong', async () => {
    const { wrapper, api } = await mountWith((c) =>
      c.path === '/api/graders/try'
        ? {
            status: 400,
            body: {
              error: {
                code: 'graders/invalid-config',
                message: 'The grader config is invalid',
                details: [{ path: 'grader.config.graders[0].config.pattern', message: 'is not a valid regular expression' }],
              },
            },
          }
        : undefined,
    );
    await wrapper.get('[data-testid="grader-type"]').setValue('composite');
    expect(wrapper.get('[data-testid="sub-graders-empty"]').text()).toMatch(/add the graders/);
    await wrapper.get('[data-testid="grader-try"]').trigger('click');
    expect(wrapper.get('[data-testid="sub-graders-error"]').text()).toBe('needs at least 1 sub-grader');
    expect(api.calls.some((c) => c.path === '/api/graders/try')).toBe(false);

    await wrapper.get('[data-testid="sub-grader-add"]').trigger('click');
    await flushPromises();
    const row = () => wrapper.get('[data-testid="sub-grader"]');
    expect(document.activeElement).toBe(row().get('[data-testid="sub-grader-type"]').element);
    await row().get('[data-testid="sub-grader-type"]').setValue('regex');
    // The regex needs a pattern: shown in the sub-grader's form (every field is shown after a try was refused).
    await wrapper.get('[data-testid="grader-try"]').trigger('click');
    expect(row().get('[data-testid="config-field-pattern-error"]').text()).toBe('is required');
    await row().get('[data-testid="sub-grader-weight"]').setValue('0');
    expect(row().get('[data-testid="sub-grader-weight-error"]').text()).toBe('must be more than 0');
    await row().get('[data-testid="config-field-pattern"]').setValue('(');
    await row().get('[data-testid="sub-grader-weight"]').setValue('2');
    await wrapper.get('[data-testid="config-field-threshold"]').setValue('0.6');

    await wrapper.get('[data-testid="grader-try"]').trigger('click');
    await flushPromises();
    expect(api.calls.find((c) => c.path === '/api/graders/try')?.body).toMatchObject({
      grader: { type: 'composite', config: { graders: [{ type: 'regex', config: { pattern: '(' }, weight: 2 }], threshold: 0.6 } },
    });
    expect(row().get('[data-testid="config-field-pattern-error"]').text()).toBe('is not a valid regular expression');
    expect(wrapper.find('[data-testid="config-problems"]').exists()).toBe(false);

    await wrapper.get('[data-testid="config-mode-json"]').trigger('click');
    expect(JSON.parse((wrapper.get('[data-testid="grader-config"]').element as HTMLTextAreaElement).value)).toEqual({
      graders: [{ type: 'regex', config: { pattern: '(' }, weight: 2 }],
      threshold: 0.6,
    });
    await wrapper.get('[data-testid="grader-config"]').setValue('{"graders": [{"type": "contains", "config": {"value": "a"}}, {"type": "json_valid"}]}');
    await wrapper.get('[data-testid="config-mode-form"]').trigger('click');
    expect(wrapper.findAll('[data-testid="sub-grader-type"]').map((s) => (s.element as HTMLSelectElement).value)).toEqual(['contains', 'json_valid']);
    expect((wrapper.get('[data-testid="config-field-value"]').element as HTMLInputElement).value).toBe('a');

    await wrapper.findAll('[data-testid="sub-grader-remove"]')[0]!.trigger('click');
    expect(document.activeElement).toBe(wrapper.get('[data-testid="sub-grader-add"]').element);
    await wrapper.get('[data-testid="config-mode-json"]').trigger('click');
    expect(JSON.parse((wrapper.get('[data-testid="grader-config"]').element as HTMLTextAreaElement).value)).toEqual({ graders: [{ type: 'json_valid' }] });
    wrapper.unmount();
  });
});
