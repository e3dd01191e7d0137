import { defineStore } from 'pinia';
import { ref } from 'vue';
import { api } from '../api/client';
import { loadable } from './loadable';
import type { ConnectionTestDto, CreateProviderRequest, ModelDto, ProviderDto } from '../api/types';
import { errorMessage } from '../utils/error-message';

export type ConnectionTestState = { status: 'running' } | { status: 'done'; result: ConnectionTestDto } | { status: 'failed'; message: string };

export const useProvidersStore = defineStore('providers', () => {
  const providers = ref<ProviderDto[]>([]);
  /** The whole catalogue as clients see it (`GET /api/models`). */
  const models = ref<ModelDto[]>([]);
  /** The latest connection test per provider id, kept so a result survives leaving and re-opening the page. */
  const tests = ref<Record<string, ConnectionTestState>>({});

  const { loaded, loading, error, load } = loadable(async () => {
    const [list, catalogue] = await Promise.all([api.get<ProviderDto[]>('/api/providers'), api.get<ModelDto[]>('/api/models')]);
    providers.value = list;
    models.value = catalogue;
  }, 'providers');

  /** The catalogue only, for pages that need model ids but not accounts; failures leave it as it was. */
  async function loadModels(): Promise<void> {
    try {
      models.value = await api.get<ModelDto[]>('/api/models');
    } catch {
      /* callers fall back to a default model id */
    }
  }

  /** Throws `ApiError` (with field `details` on a 400) so the form can show it next to the field. */
  async function create(body: CreateProviderRequest): Promise<ProviderDto> {
    const created = await api.post<ProviderDto>('/api/providers', body);
    providers.value = [...providers.value, created];
    models.value = [...models.value, ...created.models];
    return created;
  }

  async function remove(provider: ProviderDto): Promise<void> {
    await api.delete<void>(`/api/providers/${encodeURIComponent(provider.id)}`);
    providers.value = providers.value.filter((p) => p.id !== provider.id);
    models.value = models.value.filter((m) => m.provider !== provider.name);
    const { [provider.id]: _dropped, ...rest } = tests.value;
    tests.value = rest;
  }

  async function test(id: string): Promise<void> {
    tests.value = { ...tests.value, [id]: { status: 'running' } };
    let next: ConnectionTestState;
    try {
      const result = await api.post<ConnectionTestDto>(`/api/providers/${encodeURIComponent(id)}/test`);
      next = { status: 'done', result };
    } catch (e) {
      next = { status: 'failed', message: errorMessage(e, 'The test could not be run.') };
    }
    // The provider may have been deleted while the test ran.
    if (providers.value.some((p) => p.id === id)) tests.value = { ...tests.value, [id]: next };
  }

  return { providers, models, loaded, loading, error, tests, load, loadModels, create, remove, test };
});
