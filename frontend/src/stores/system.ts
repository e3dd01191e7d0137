import { defineStore } from 'pinia';
import { ref } from 'vue';
import { ApiError, api } from '../api/client';
import type { SystemInfo } from '../api/types';

export const useSystemStore = defineStore('system', () => {
  const info = ref<SystemInfo | null>(null);
  const loading = ref(false);
  const error = ref<string | null>(null);

  async function load(): Promise<void> {
    loading.value = true;
    error.value = null;
    try {
      info.value = await api.get<SystemInfo>('/api/system');
    } catch (e) {
      error.value = e instanceof ApiError ? e.message : 'Something went wrong while loading system information.';
    } finally {
      loading.value = false;
    }
  }

  return { info, loading, error, load };
});
