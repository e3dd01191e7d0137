import { defineStore } from 'pinia';
import { ref } from 'vue';
import { api } from '../api/client';
import type { GradeResultDto, GraderDto, GraderTypeDto, TemplateCheckDto } from '../api/types';
import { loadable } from './loadable';

export const useGradersStore = defineStore('graders', () => {
  const graders = ref<GraderDto[]>([]);
  const types = ref<GraderTypeDto[]>([]);
  const { loaded, loading, error, load } = loadable(async () => {
    [graders.value, types.value] = await Promise.all([api.get<GraderDto[]>('/api/graders'), api.get<GraderTypeDto[]>('/api/graders/types')]);
  }, 'graders');

  async function save(name: string, type: string, config: Record<string, unknown>, description: string): Promise<void> {
    const exists = graders.value.some((g) => g.name === name);
    const saved = exists
      ? await api.put<GraderDto>(`/api/graders/${encodeURIComponent(name)}`, { type, config, description })
      : await api.post<GraderDto>('/api/graders', { name, type, config, description });
    graders.value = [...graders.value.filter((g) => g.name !== name), saved].sort((a, b) => a.name.localeCompare(b.name));
  }

  const tryGrader = (body: { grader: { type: string; config: Record<string, unknown> }; output: string; item: Record<string, unknown>; baseline?: string }) =>
    api.post<GradeResultDto>('/api/graders/try', body);

  /** Checks a judge prompt (syntax, variables, and a render, the preview, when given a sample item and output). */
  const checkTemplate = (template: string, sample?: { output: string; item: Record<string, unknown>; rubric?: string }, signal?: AbortSignal) =>
    api.post<TemplateCheckDto>('/api/templates/validate', sample ? { template, sample } : { template }, { signal });

  return { graders, types, loaded, loading, error, load, save, tryGrader, checkTemplate };
});
