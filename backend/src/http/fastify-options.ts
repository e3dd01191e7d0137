import type { IncomingHttpHeaders } from 'node:http';
import { newRequestId } from './request-id.js';

const SAFE_ID = /^[\w.:-]{1,128}$/;

/** Uses a caller's `x-request-id` when it is safe to echo, otherwise a fresh time-ordered UUID (version 7). */
export function genReqId(raw: { headers: IncomingHttpHeaders }): string {
  const given = raw.headers['x-request-id'];
  const id = typeof given === 'string' && SAFE_ID.test(given) ? given : newRequestId();
  return id;
}

export const fastifyOptions = {
  genReqId,
  bodyLimit: 32 * 1024 * 1024,
  trustProxy: false,
  return503OnClosing: true,
  forceCloseConnections: 'idle' as const,
};
