import { defineStore } from 'pinia';
import { ref } from 'vue';
import { api } from '../api/client';
import { loadable } from './loadable';
import type { CreatedKeyDto, KeyDto } from '../api/types';

export const useKeysStore = defineStore('keys', () => {
  const keys = ref<KeyDto[]>([]);
  const { loaded, loading, error, load } = loadable(async () => {
    keys.value = await api.get<KeyDto[]>('/api/keys');
  }, 'keys');

  /**
   * Returns the new key with its secret. The secret is deliberately not kept in the store:
   * the page that asked for it shows it once and forgets it.
   */
  async function create(name: string): Promise<CreatedKeyDto> {
    const created = await api.post<CreatedKeyDto>('/api/keys', { name });
    const { secret: _secret, ...listed } = created;
    keys.value = [...keys.value, listed];
    return created;
  }

  async function revoke(id: string): Promise<void> {
    const updated = await api.post<KeyDto>(`/api/keys/${encodeURIComponent(id)}/revoke`);
    keys.value = keys.value.map((k) => (k.id === id ? updated : k));
  }

  return { keys, loaded, loading, error, load, create, revoke };
});
