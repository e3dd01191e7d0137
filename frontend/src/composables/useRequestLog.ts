import { ref, watch, type Ref } from 'vue';
import type { RequestLogDto } from '../api/types';
import { type LogFilter, timeBounds } from '../components/logs/log-filter';
import { useUsageStore } from '../stores/usage';
import { errorMessage } from '../utils/error-message';

/**
 * The request log newest first, a page at a time: the first page again whenever the filter changes, and the
 * next one (`more()`) before the oldest row loaded. A range back from now ("last hour") is fixed when the first
 * page is read, so later pages belong to the same range.
 */
export function useRequestLog(filter: Ref<LogFilter>, pageSize = 50, now: () => number = Date.now) {
  const store = useUsageStore();
  const rows = ref<RequestLogDto[]>([]);
  const loaded = ref(false);
  const loading = ref(false);
  const error = ref<string | null>(null);
  /** The last page came back short: there is nothing older. */
  const ended = ref(false);
  let asked = 0;
  let bounds: { from?: string; before?: string } = {};

  const page = (before: string | undefined) => {
    const f = filter.value;
    return store.requests({
      route: f.route || undefined,
      keyId: f.keyId || undefined,
      status: f.status || undefined,
      model: f.model || undefined,
      experimentId: f.experimentId || undefined,
      cache: f.cache || undefined,
      from: bounds.from,
      limit: pageSize,
      before: before ?? bounds.before,
    });
  };

  async function fetch(reset: boolean): Promise<void> {
    const ticket = ++asked;
    loading.value = true;
    error.value = null;
    if (reset) bounds = timeBounds(filter.value, now());
    try {
      const oldest = reset ? undefined : rows.value.at(-1);
      const seen = new Set(reset ? [] : rows.value.map((r) => r.requestId));
      // Times come to the millisecond but are stored finer, and several requests can share one: asking for those
      // before the next millisecond and dropping the rows already shown loses none at a page boundary.
      let answer = await page(oldest && new Date(Date.parse(oldest.at) + 1).toISOString());
      let fresh = answer.filter((r) => !seen.has(r.requestId));
      // A whole page within one millisecond, all shown already: step past it rather than ask for the same again.
      if (oldest && fresh.length === 0 && answer.length === pageSize) {
        answer = await page(oldest.at);
        fresh = answer.filter((r) => !seen.has(r.requestId));
      }
      if (ticket !== asked) return;
      ended.value = answer.length < pageSize;
      rows.value = reset ? fresh : [...rows.value, ...fresh];
      loaded.value = true;
    } catch (e) {
      if (ticket === asked) error.value = errorMessage(e, 'Something went wrong while loading the request log.');
    } finally {
      if (ticket === asked) loading.value = false;
    }
  }

  const reload = () => fetch(true);
  const more = () => fetch(false);

  // Compared by value: the page builds a new filter object on every change of the address, the search included.
  watch(() => JSON.stringify(filter.value), reload, { immediate: true });

  return { rows, loaded, loading, error, ended, reload, more };
}
