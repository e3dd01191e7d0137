import { defineStore } from 'pinia';
import { ref } from 'vue';
import { api } from '../api/client';
import type { DatasetDetailDto, DatasetDto, DatasetItemDto, FromTrafficBody, UploadResultDto } from '../api/types';
import { downloadWithToken } from '../api/download';
import { uploadFile } from '../api/upload';
import { loadable } from './loadable';

export type UploadFormat = 'jsonl' | 'csv' | 'json';

export const useDatasetsStore = defineStore('datasets', () => {
  const datasets = ref<DatasetDto[]>([]);
  const { loaded, loading, error, load } = loadable(async () => {
    datasets.value = await api.get<DatasetDto[]>('/api/datasets');
  }, 'datasets');

  const path = (name: string) => `/api/datasets/${encodeURIComponent(name)}`;

  /** Creates the dataset unless it is listed; true when it was created now. */
  async function ensure(name: string): Promise<boolean> {
    if (datasets.value.some((d) => d.name === name)) return false;
    datasets.value = [...datasets.value, await api.post<DatasetDto>('/api/datasets', { name })];
    return true;
  }

  /** The dataset with every version, newest first. */
  const detail = (name: string) => api.get<DatasetDetailDto>(path(name));

  /**
   * A new version from logged requests with captured bodies. A dataset created for it is deleted again when
   * nothing matched, so a failed try leaves no empty dataset behind.
   */
  async function fromTraffic(name: string, body: FromTrafficBody): Promise<UploadResultDto> {
    const created = await ensure(name);
    try {
      return await api.post<UploadResultDto>(`${path(name)}/versions/from-traffic`, body);
    } catch (e) {
      if (created) await api.delete(path(name)).catch(() => undefined);
      throw e;
    } finally {
      await load();
    }
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
    const result = await uploadFile<UploadResultDto>(`${path(name)}/versions?${q}`, file, type, onProgress);
    await load();
    return result;
  }

  const items = (name: string, version: number, q: { offset: number; limit: number; search: string }) =>
    api.get<{ total: number; items: DatasetItemDto[] }>(
      `${path(name)}/versions/${version}/items?offset=${q.offset}&limit=${q.limit}&search=${encodeURIComponent(q.search)}`,
    );

  const exportVersion = (name: string, version: number, format: 'jsonl' | 'csv') =>
    downloadWithToken(`${path(name)}/versions/${version}/export?format=${format}`, `${name}-v${version}.${format}`);

  /**
   * Deletes one version with its items (the server refuses with 409 while an experiment uses it), then reads
   * the list again so each dataset's latest version stays true.
   */
  async function removeVersion(name: string, version: number): Promise<void> {
    await api.delete(`${path(name)}/versions/${version}`);
    await load();
  }

  return { datasets, loaded, loading, error, load, upload, detail, fromTraffic, items, exportVersion, removeVersion };
});
