import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import { api } from '../api/client';
import type { SessionResponse } from '../api/types';

const STORAGE_KEY = 'switchyard.adminToken';

// sessionStorage throws in some privacy modes; the console then still works until the tab is reloaded.
function readStoredToken(): string | null {
  try {
    return sessionStorage.getItem(STORAGE_KEY);
  } catch {
    return null;
  }
}

function writeStoredToken(token: string | null): void {
  try {
    if (token === null) sessionStorage.removeItem(STORAGE_KEY);
    else sessionStorage.setItem(STORAGE_KEY, token);
  } catch {
    /* keep the in-memory token only */
  }
}

export const useAuthStore = defineStore('auth', () => {
  const token = ref<string | null>(readStoredToken());
  const isSignedIn = computed(() => !!token.value);

  /** Checks the token with the backend and keeps it for this tab; throws `ApiError` when it is refused. */
  async function signIn(candidate: string): Promise<void> {
    await api.post<SessionResponse>('/api/auth/session', { token: candidate }, { anonymous: true });
    token.value = candidate;
    writeStoredToken(candidate);
  }

  function clear(): void {
    token.value = null;
    writeStoredToken(null);
  }

  return { token, isSignedIn, signIn, clear };
});
