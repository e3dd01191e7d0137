import { computed, inject, type InjectionKey, provide, type Ref } from 'vue';

/** What a judge prompt preview is rendered with: the Try panel's sample output and item, and the grader's rubric. */
export interface JudgeSample {
  output: string;
  item?: Record<string, unknown>;
  /** Why the Try panel's item cannot be used (then there is no preview). */
  itemProblem?: string;
  rubric?: string;
}

const KEY: InjectionKey<Ref<JudgeSample | undefined>> = Symbol('judge-sample');

/** Gives the template editors below this component the sample to preview their prompt with. */
export function provideJudgeSample(sample: Ref<JudgeSample | undefined>): void {
  provide(KEY, sample);
}

/** The sample a template editor previews its prompt with; `undefined` where no Try panel supplies one. */
export function useJudgeSample(): Ref<JudgeSample | undefined> {
  return inject(
    KEY,
    computed(() => undefined),
    false,
  );
}

/** The body's `sample` for POST /api/templates/validate, or `undefined` when there is none to send. */
export function sampleBody(s: JudgeSample | undefined): { output: string; item: Record<string, unknown>; rubric?: string } | undefined {
  if (!s?.item) return undefined;
  return { output: s.output, item: s.item, ...(s.rubric ? { rubric: s.rubric } : {}) };
}
