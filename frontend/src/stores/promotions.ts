import { defineStore } from 'pinia';
import { ref } from 'vue';
import { api } from '../api/client';
import type { CreatePromotionRequest, PromotionDto } from '../api/types';
import { loadable } from './loadable';

export type PromotionMove = 'advance' | 'pause' | 'resume' | 'rollback';

export const usePromotionsStore = defineStore('promotions', () => {
  const promotions = ref<PromotionDto[]>([]);
  const { loaded, loading, error, load } = loadable(async () => {
    promotions.value = await api.get<PromotionDto[]>('/api/promotions');
  }, 'promotions');

  function remember(p: PromotionDto): PromotionDto {
    promotions.value = [p, ...promotions.value.filter((x) => x.id !== p.id)].sort((a, b) => b.createdAt.localeCompare(a.createdAt));
    return p;
  }

  /** Throws `ApiError` (field `details` on a 400, a 409 when the route already has a promotion in progress). */
  const create = async (body: CreatePromotionRequest) => remember(await api.post<PromotionDto>('/api/promotions', body));

  const get = async (id: string) => remember(await api.get<PromotionDto>(`/api/promotions/${encodeURIComponent(id)}`));

  const move = async (id: string, to: PromotionMove, reason?: string) =>
    remember(await api.post<PromotionDto>(`/api/promotions/${encodeURIComponent(id)}/${to}`, reason ? { reason } : {}));

  return { promotions, loaded, loading, error, load, create, get, move };
});
