// The server itself and the session.

/** `GET /api/system`: what this process runs and on which storage. */
export interface SystemInfo {
  name: string;
  version: string;
  role: 'all' | 'api' | 'worker';
  database: 'embedded' | 'postgres';
  queue: 'in-process' | 'bull';
  uptimeSeconds: number;
}

/** `POST /api/auth/session` */
export interface SessionResponse {
  ok: boolean;
}
