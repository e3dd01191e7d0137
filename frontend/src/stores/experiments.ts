import { defineStore } from 'pinia';
import { ref } from 'vue';
import { api } from '../api/client';
import type { CreateExperimentRequest, ExperimentDto, ProgressDto, ReportDto, ResultPageDto } from '../api/types';
import { loadable } from './loadable';

export const experimentPath = (name: string) => `/api/experiments/${encodeURIComponent(name)}`;

export type ExperimentMove = 'start' | 'pause' | 'resume' | 'cancel';

/** Which items the per-item table shows. */
export type ResultFilter = { kind: 'all' } | { kind: 'disagree' } | { kind: 'failing'; variant: string };

export const useExperimentsStore = defineStore('experiments', () => {
  const experiments = ref<ExperimentDto[]>([]);
  const { loaded, loading, error, load } = loadable(async () => {
    experiments.value = await api.get<ExperimentDto[]>('/api/experiments');
  }, 'experiments');

  function remember(e: ExperimentDto): ExperimentDto {
    const others = experiments.value.filter((x) => x.id !== e.id);
    experiments.value = [e, ...others].sort((a, b) => b.createdAt.localeCompare(a.createdAt));
    return e;
  }

  /** Throws `ApiError`; a 400 names every problem of the definition by path (`variants[1].model`). */
  const create = async (body: CreateExperimentRequest) => remember(await api.post<ExperimentDto>('/api/experiments', body));

  const get = async (name: string) => remember(await api.get<ExperimentDto>(experimentPath(name)));

  const move = async (name: string, to: ExperimentMove) => remember(await api.post<ExperimentDto>(`${experimentPath(name)}/${to}`));

  async function remove(name: string): Promise<void> {
    await api.delete<void>(experimentPath(name));
    experiments.value = experiments.value.filter((e) => e.name !== name);
  }

  const progress = (name: string, signal?: AbortSignal) => api.get<ProgressDto>(`${experimentPath(name)}/progress`, { signal });

  /** The latest progress per experiment name, for the list; one that cannot be read keeps its last value. */
  const progressByName = ref<Record<string, ProgressDto>>({});
  async function refreshProgress(names: string[]): Promise<void> {
    const answers = await Promise.allSettled(names.map((n) => progress(n)));
    const next = { ...progressByName.value };
    answers.forEach((a, i) => {
      if (a.status === 'fulfilled') next[names[i]!] = a.value;
    });
    progressByName.value = next;
  }

  const report = (name: string) => api.get<ReportDto>(`${experimentPath(name)}/report`);

  function results(name: string, q: { offset: number; limit: number; filter: ResultFilter }): Promise<ResultPageDto> {
    const query = new URLSearchParams({ offset: String(q.offset), limit: String(q.limit) });
    if (q.filter.kind === 'disagree') query.set('disagree', 'true');
    if (q.filter.kind === 'failing') query.set('failing', q.filter.variant);
    return api.get<ResultPageDto>(`${experimentPath(name)}/results?${query}`);
  }

  return { experiments, loaded, loading, error, load, create, get, move, remove, progress, progressByName, refreshProgress, report, results };
});
