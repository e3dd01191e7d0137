import { ref, shallowRef } from 'vue';
import { errorMessage } from '../utils/error-message';

export interface Page<T> {
  total: number;
  rows: T[];
}

/** The most the server gives in one page (`limit` of `GET /api/experiments/:name/results`). */
const MAX_LIMIT = 500;

/**
 * Rows fetched a page at a time as the reader scrolls: `more()` appends the next page, `reset()` starts again
 * (a new filter), `refresh()` fetches again what is loaded (new results may have arrived). An answer that
 * arrives after a newer request was made is dropped.
 */
export function usePagedRows<T>(fetchPage: (offset: number, limit: number) => Promise<Page<T>>, pageSize = 200) {
  const rows = shallowRef<T[]>([]);
  const total = ref(0);
  const loaded = ref(false);
  const loading = ref(false);
  const error = ref<string | null>(null);
  let asked = 0;

  async function run(offsets: Array<[number, number]>, replace: boolean): Promise<void> {
    const ticket = ++asked;
    loading.value = true;
    error.value = null;
    try {
      const pages = await Promise.all(offsets.map(([offset, limit]) => fetchPage(offset, limit)));
      if (ticket !== asked) return;
      const got = pages.flatMap((p) => p.rows);
      rows.value = replace ? got : [...rows.value, ...got];
      total.value = pages.at(-1)?.total ?? total.value;
      loaded.value = true;
    } catch (e) {
      if (ticket === asked) error.value = errorMessage(e, 'Could not load the results.');
    } finally {
      if (ticket === asked) loading.value = false;
    }
  }

  /** The next page, unless one is on its way or everything is here. */
  function more(): Promise<void> {
    if (loading.value || (loaded.value && rows.value.length >= total.value)) return Promise.resolve();
    return run([[rows.value.length, pageSize]], false);
  }

  function reset(): Promise<void> {
    rows.value = [];
    total.value = 0;
    loaded.value = false;
    return run([[0, pageSize]], true);
  }

  /** What is loaded, fetched again (in the server's largest pages), so rows keep their place. */
  function refresh(): Promise<void> {
    const want = Math.max(pageSize, rows.value.length);
    const chunks: Array<[number, number]> = [];
    for (let offset = 0; offset < want; offset += MAX_LIMIT) chunks.push([offset, Math.min(MAX_LIMIT, want - offset)]);
    return run(chunks, true);
  }

  return { rows, total, loaded, loading, error, more, reset, refresh };
}
