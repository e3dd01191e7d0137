import { randomUUID } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';

const SAFE_ID = /^[\w.:-]{1,128}$/;

/** Uses a caller's `x-request-id` when it is safe to echo, otherwise a fresh UUID. */
export function genReqId(raw: { headers: IncomingHttpHeaders }): string {
  const given = raw.headers['x-request-id'];
  const id = typeof given === 'string' && SAFE_ID.test(given) ? given : randomUUID();
  return id;
}

export const fastifyOptions = {
  genReqId,
  bodyLimit: 32 * 1024 * 1024,
  trustProxy: false,
  return503OnClosing: true,
  forceCloseConnections: 'idle' as const,
};
