import { flushPromises } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ref } from 'vue';
import { filterFromQuery } from '../components/logs/log-filter';
import { fakeFetch, logRow } from '../test/fixtures';
import { useRequestLog } from './useRequestLog';

const NOW = Date.parse('2026-12-06T12:00:00Z');
// 7 requests, newest first; the 3rd and 4th share a millisecond (the database keeps microseconds).
const LOG = ['11:59:00.000', '11:58:00.000', '11:57:00.500', '11:57:00.500', '11:56:00.000', '11:55:00.000', '11:54:00.000'].map((t, i) =>
  logRow({ requestId: `r${i}`, at: `2026-12-06T${t}Z`, status: i === 4 ? 502 : 200 }),
);

/** The server's paging: newest first, `before` exclusive, `from` inclusive, status filter. */
function serve(url: URL) {
  const before = url.searchParams.get('before');
  const from = url.searchParams.get('from');
  const status = url.searchParams.get('status');
  const limit = Number(url.searchParams.get('limit'));
  return LOG.filter((r) => (!before || r.at < before) && (!from || r.at >= from))
    .filter((r) => !status || (status === 'error') === r.status >= 400)
    .slice(0, limit);
}

describe('useRequestLog', () => {
  let server: ReturnType<typeof fakeFetch>;
  beforeEach(() => {
    setActivePinia(createPinia());
    server = fakeFetch(serve);
    vi.stubGlobal('fetch', server.fetch);
  });
  afterEach(() => vi.unstubAllGlobals());

  it('pages back through the log without losing or repeating requests that share a millisecond', async () => {
    const filter = ref(filterFromQuery({}));
    const log = useRequestLog(filter, 3, () => NOW);
    await flushPromises();
    expect(log.rows.value.map((r) => r.requestId)).toEqual(['r0', 'r1', 'r2']);
    expect(log.ended.value).toBe(false);
    // Each next page asks from the oldest row's millisecond again, so r3 (sharing r2's) is not skipped.
    await log.more();
    expect(log.rows.value.map((r) => r.requestId)).toEqual(['r0', 'r1', 'r2', 'r3', 'r4']);
    for (let pages = 0; !log.ended.value && pages < 5; pages++) await log.more();
    expect(log.rows.value.map((r) => r.requestId)).toEqual(['r0', 'r1', 'r2', 'r3', 'r4', 'r5', 'r6']);
    expect(log.ended.value).toBe(true);
  });

  it('starts again from the newest when the filter changes, and sends the filter and time range to the server', async () => {
    const filter = ref(filterFromQuery({}));
    const log = useRequestLog(filter, 50, () => NOW);
    await flushPromises();
    expect(log.rows.value).toHaveLength(7);
    filter.value = filterFromQuery({ status: 'error', since: '1h', model: 'sim/sim-small', experiment: 'e1', route: 'assist', key: 'k1', cache: 'hit' });
    await flushPromises();
    const asked = server.calls.at(-1)!.searchParams;
    expect(Object.fromEntries(asked)).toEqual({
      route: 'assist',
      keyId: 'k1',
      status: 'error',
      model: 'sim/sim-small',
      experimentId: 'e1',
      cache: 'hit',
      from: '2026-12-06T11:00:00.000Z',
      limit: '50',
    });
    expect(log.rows.value.map((r) => r.requestId)).toEqual(['r4']);
    expect(log.ended.value).toBe(true);
  });

  it('keeps the rows it has and says what went wrong when the server fails', async () => {
    const filter = ref(filterFromQuery({}));
    const log = useRequestLog(filter, 3, () => NOW);
    await flushPromises();
    vi.stubGlobal(
      'fetch',
      fakeFetch(
        () =>
          new Response(JSON.stringify({ error: { code: 'request/invalid-query', message: 'from must be an ISO 8601 date' } }), {
            status: 400,
            headers: { 'content-type': 'application/json' },
          }),
      ).fetch,
    );
    await log.more();
    expect(log.error.value).toMatch(/from must be an ISO 8601 date/);
    expect(log.rows.value).toHaveLength(3);
  });

  it('ignores an answer that arrives after a newer question', async () => {
    let release: () => void = () => {};
    const slow = new Promise<void>((r) => (release = r));
    vi.stubGlobal(
      'fetch',
      fakeFetch(async (url) => {
        if (!url.searchParams.get('status')) await slow;
        return serve(url);
      }).fetch,
    );
    const filter = ref(filterFromQuery({}));
    const log = useRequestLog(filter, 50, () => NOW);
    filter.value = filterFromQuery({ status: 'error' });
    await flushPromises();
    release();
    await flushPromises();
    expect(log.rows.value.map((r) => r.requestId)).toEqual(['r4']);
  });
});
