import type { RequestLogDto } from '../api/types';

/** A logged request with plausible values; `over` replaces any of them. */
export function logRow(over: Partial<RequestLogDto> = {}): RequestLogDto {
  return {
    requestId: 'req-1',
    at: '2026-12-06T10:00:00.000Z',
    keyId: null,
    model: 'sim/sim-small',
    route: null,
    routeVersion: null,
    experimentId: null,
    variant: null,
    target: 'sim/sim-small',
    attempts: [{ target: 'sim/sim-small', latencyMs: 120 }],
    stream: false,
    status: 200,
    errorCode: null,
    errorMessage: null,
    latencyMs: 125,
    ttftMs: null,
    inputTokens: 12,
    outputTokens: 30,
    cachedTokens: 0,
    costUsd: 0.000042,
    cache: null,
    savedUsd: null,
    ...over,
  };
}

/** A fetch that answers JSON from `handler` (by URL) and records every URL asked for. */
export function fakeFetch(handler: (url: URL) => unknown | Promise<unknown>) {
  const calls: URL[] = [];
  const fetch = async (input: RequestInfo | URL): Promise<Response> => {
    const url = new URL(String(input), 'http://console.test');
    calls.push(url);
    const body = await handler(url);
    if (body instanceof Response) return body;
    return new Response(JSON.stringify(body), { status: 200, headers: { 'content-type': 'application/json' } });
  };
  return { fetch, calls };
}
