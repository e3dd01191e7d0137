import { computed, onScopeDispose, ref, watch, type Ref } from 'vue';
import type { TemplateCheckDto } from '../api/types';
import { useGradersStore } from '../stores/graders';
import { errorMessage } from '../utils/error-message';
import { type JudgeSample, sampleBody } from './useJudgeSample';

/**
 * Checks a judge prompt on the server as it is typed: `delayMs` after the last keystroke, the previous check
 * aborted, so the result always belongs to the text on screen. An empty prompt is checked too: the answer lists
 * the variables a prompt can use. With a sample (output and item), the same request renders the preview; a
 * change to the sample is checked like a keystroke.
 */
export function useTemplateCheck(source: Ref<string>, sample?: Ref<JudgeSample | undefined>, delayMs = 300) {
  const store = useGradersStore();
  const check = ref<TemplateCheckDto | null>(null);
  const failure = ref<string | null>(null);
  const checking = ref(false);
  let timer: ReturnType<typeof setTimeout> | undefined;
  let inflight: AbortController | undefined;

  const body = computed(() => sampleBody(sample?.value));
  // Compared as text: the sample is rebuilt on every change of the config it belongs to.
  const sampleKey = computed(() => JSON.stringify(body.value ?? null));

  async function run(text: string): Promise<void> {
    inflight?.abort();
    const controller = new AbortController();
    inflight = controller;
    checking.value = true;
    try {
      const r = await store.checkTemplate(text, body.value, controller.signal);
      if (controller.signal.aborted) return;
      check.value = r;
      failure.value = null;
    } catch (e) {
      if (controller.signal.aborted) return;
      failure.value = errorMessage(e, 'The prompt could not be checked.');
    } finally {
      if (inflight === controller) checking.value = false;
    }
  }

  watch(
    [source, sampleKey],
    ([text]) => {
      clearTimeout(timer);
      timer = setTimeout(() => void run(text), delayMs);
    },
    { immediate: true },
  );
  onScopeDispose(() => {
    clearTimeout(timer);
    inflight?.abort();
  });

  return { check, failure, checking };
}
