import { defineStore } from 'pinia';
import { ref } from 'vue';
import { api } from '../api/client';
import { loadable } from './loadable';
import type { SystemInfo } from '../api/types';

export const useSystemStore = defineStore('system', () => {
  const info = ref<SystemInfo | null>(null);
  const { loading, error, load } = loadable(async () => {
    info.value = await api.get<SystemInfo>('/api/system');
  }, 'system information');

  return { info, loading, error, load };
});
