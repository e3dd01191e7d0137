import { defineStore } from 'pinia';
import { ref } from 'vue';
import { api } from '../api/client';
import { loadable } from './loadable';
import type { RouteChange, RouteDto, RouteHealthDto, RouteVersionDto } from '../api/types';

const path = (alias: string) => `/api/routes/${encodeURIComponent(alias)}`;

export const useRoutesStore = defineStore('routes', () => {
  const routes = ref<RouteDto[]>([]);
  const { loaded, loading, error, load } = loadable(async () => {
    routes.value = await api.get<RouteDto[]>('/api/routes');
  }, 'routes');

  const history = (alias: string) => api.get<RouteVersionDto[]>(`${path(alias)}/versions`);

  const diff = async (alias: string, from: number, to: number) =>
    (await api.get<{ changes: RouteChange[] }>(`${path(alias)}/diff?from=${from}&to=${to}`)).changes;

  const health = (alias: string, limit = 20) => api.get<RouteHealthDto>(`${path(alias)}/health?limit=${limit}`);

  async function rollback(alias: string, toVersion: number, reason: string): Promise<RouteDto> {
    const updated = await api.post<RouteDto>(`${path(alias)}/rollback`, { toVersion, reason: reason || undefined });
    routes.value = routes.value.map((r) => (r.alias === alias ? updated : r));
    return updated;
  }

  return { routes, loaded, loading, error, load, history, diff, health, rollback };
});
