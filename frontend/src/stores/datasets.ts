import { defineStore } from 'pinia';
import { ref } from 'vue';
import { api } from '../api/client';
import type { DatasetDto, DatasetItemDto, UploadResultDto } from '../api/types';
import { uploadFile } from '../api/upload';
import { loadable } from './loadable';

export type UploadFormat = 'jsonl' | 'csv' | 'json';

export const useDatasetsStore = defineStore('datasets', () => {
  const datasets = ref<DatasetDto[]>([]);
  const { loaded, loading, error, load } = loadable(async () => {
    datasets.value = await api.get<DatasetDto[]>('/api/datasets');
  }, 'datasets');

  async function ensure(name: string): Promise<void> {
    if (datasets.value.some((d) => d.name === name)) return;
    datasets.value = [...datasets.value, await api.post<DatasetDto>('/api/datasets', { name })];
  }

  async function upload(
    name: string,
    file: File,
    opts: { format: UploadFormat; skipInvalid: boolean; mapping?: { input: string; expected?: string; metadata?: string } },
    onProgress: (sent: number, total: number) => void,
  ): Promise<UploadResultDto> {
    await ensure(name);
    const q = new URLSearchParams({ format: opts.format });
    if (opts.skipInvalid) q.set('skip_invalid', 'true');
    if (opts.mapping) for (const [k, v] of Object.entries(opts.mapping)) if (v) q.set(k, v);
    const type = opts.format === 'csv' ? 'text/csv' : opts.format === 'jsonl' ? 'application/x-ndjson' : 'application/octet-stream';
    const result = await uploadFile<UploadResultDto>(`/api/datasets/${encodeURIComponent(name)}/versions?${q}`, file, type, onProgress);
    await load();
    return result;
  }

  const items = (name: string, version: number, q: { offset: number; limit: number; search: string }) =>
    api.get<{ total: number; items: DatasetItemDto[] }>(
      `/api/datasets/${encodeURIComponent(name)}/versions/${version}/items?offset=${q.offset}&limit=${q.limit}&search=${encodeURIComponent(q.search)}`,
    );

  return { datasets, loaded, loading, error, load, upload, items };
});
