import { flushPromises } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { effectScope, ref } from 'vue';
import type { JudgeSample } from './useJudgeSample';
import { useTemplateCheck } from './useTemplateCheck';

describe('useTemplateCheck', () => {
  let bodies: unknown[];
  beforeEach(() => {
    setActivePinia(createPinia());
    vi.useFakeTimers();
    bodies = [];
    vi.stubGlobal('fetch', async (_: RequestInfo | URL, init: RequestInit = {}) => {
      const body = JSON.parse(String(init.body)) as { sample?: { output: string } };
      bodies.push(body);
      return new Response(JSON.stringify({ ok: true, variables: [], available: [], preview: body.sample ? `A: ${body.sample.output}` : undefined }), {
        headers: { 'content-type': 'application/json' },
      });
    });
  });
  afterEach(() => {
    vi.unstubAllGlobals();
    vi.useRealTimers();
  });

  it('checks the prompt and renders the sample in one request, after the last change to either', async () => {
    const scope = effectScope();
    const text = ref('A: {{output}}');
    const sample = ref<JudgeSample | undefined>({ output: 'one', item: { input: {} } });
    const r = scope.run(() => useTemplateCheck(text, sample, 300))!;
    await vi.advanceTimersByTimeAsync(300);
    await flushPromises();
    expect(bodies).toEqual([{ template: 'A: {{output}}', sample: { output: 'one', item: { input: {} } } }]);
    expect(r.check.value?.preview).toBe('A: one');

    // Typing in the prompt and in the sample output within the delay: one request, with both.
    text.value = 'A: {{output}}!';
    await vi.advanceTimersByTimeAsync(200);
    sample.value = { output: 'two', item: { input: {} }, rubric: 'Strict' };
    await vi.advanceTimersByTimeAsync(300);
    await flushPromises();
    expect(bodies.slice(1)).toEqual([{ template: 'A: {{output}}!', sample: { output: 'two', item: { input: {} }, rubric: 'Strict' } }]);
    expect(r.check.value?.preview).toBe('A: two');

    // The same sample rebuilt (another config field changed) is not a change; no item, no sample sent.
    sample.value = { output: 'two', item: { input: {} }, rubric: 'Strict' };
    await vi.advanceTimersByTimeAsync(400);
    expect(bodies).toHaveLength(2);
    sample.value = { output: 'two', itemProblem: 'The item is not valid JSON' };
    await vi.advanceTimersByTimeAsync(400);
    await flushPromises();
    expect(bodies.at(-1)).toEqual({ template: 'A: {{output}}!' });
    scope.stop();
  });
});
