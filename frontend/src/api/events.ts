import { ApiError, adminToken, apiErrorFrom, reportUnauthorized } from './client';

/** One server-sent event: its `event:` name (`message` when none) and its `data:` lines joined. */
export interface ServerEvent {
  event: string;
  data: string;
}

/**
 * Reads a `text/event-stream` answer with the admin token (EventSource cannot send an Authorization header),
 * calling `onEvent` per event. Resolves when the server ends the stream; rejects with an {@link ApiError}
 * when it answers an error, or the fetch's own error (an `AbortError` after `signal` fires).
 */
export async function readServerEvents(url: string, onEvent: (e: ServerEvent) => void, signal: AbortSignal): Promise<void> {
  const token = adminToken();
  const res = await fetch(url, { headers: { Accept: 'text/event-stream', ...(token ? { Authorization: `Bearer ${token}` } : {}) }, signal });
  if (!res.ok || !res.body) {
    if (res.status === 401) reportUnauthorized();
    let payload: unknown = undefined;
    try {
      payload = await res.json();
    } catch {
      /* not JSON */
    }
    throw res.ok ? new ApiError(0, 'network/no-stream', 'The browser cannot read this stream.') : apiErrorFrom(res.status, res.statusText, payload);
  }
  const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    buffer += value.replace(/\r\n?/g, '\n');
    let end: number;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const parsed = parseBlock(block);
      if (parsed) onEvent(parsed);
    }
  }
}

function parseBlock(block: string): ServerEvent | null {
  let event = 'message';
  const data: string[] = [];
  for (const line of block.split('\n')) {
    // Lines starting with ':' are comments (keep-alives).
    if (!line || line.startsWith(':')) continue;
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
    if (field === 'event') event = value;
    else if (field === 'data') data.push(value);
  }
  return data.length ? { event, data: data.join('\n') } : null;
}
