import { ref } from 'vue';
import { errorMessage } from '../utils/error-message';

/**
 * The load state every list page shares: `loaded` once a fetch succeeded, `loading` while one runs, and
 * `error` as a readable sentence when it failed (the last good value stays shown).
 */
export function loadable(fetch: () => Promise<void>, what: string) {
  const loaded = ref(false);
  const loading = ref(false);
  const error = ref<string | null>(null);

  async function load(): Promise<void> {
    loading.value = true;
    error.value = null;
    try {
      await fetch();
      loaded.value = true;
    } catch (e) {
      error.value = errorMessage(e, `Something went wrong while loading ${what}.`);
    } finally {
      loading.value = false;
    }
  }

  return { loaded, loading, error, load };
}
