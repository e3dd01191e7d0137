import type { ConfigFileDto } from './file/config-file.dto.js';
import type { Locate } from './file/parse-config-file.js';

/** The typed, validated settings of one Switchyard process. Built once at boot by `loadConfig`. */
export interface AppConfig {
  /** Which parts run in this process: gateway + admin API + console + workers (`all`), HTTP only (`api`), or jobs only (`worker`). */
  role: 'all' | 'api' | 'worker';
  http: {
    host: string;
    port: number;
  };
  /** Folder for embedded data (PGlite files, generated secret key). */
  dataDir: string;
  database: { kind: 'embedded'; dataDir: string } | { kind: 'postgres'; url: string; poolSize: number };
  queue: { kind: 'in-process' } | { kind: 'bull'; redisUrl: string; prefix: string };
  admin: {
    /** When set, this token is the admin credential and none is generated. */
    token?: string;
  };
  secrets: {
    /** 32-byte AES-256-GCM key; when absent in embedded mode it is generated into `dataDir`. */
    key?: Buffer;
  };
  log: {
    level: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  };
  shutdown: {
    /** How long a graceful shutdown may take before the process exits anyway. */
    timeoutMs: number;
  };
  /** `switchyard.yaml` (SWITCHYARD_CONFIG), parsed and field-checked; applied at start. */
  file?: { path: string; content: ConfigFileDto; locate: Locate };
  usage: {
    /** Request logs older than this many days are purged daily. */
    retentionDays: number;
  };
  /** The gateway's response cache. */
  cache: {
    /** Redis (shared by every gateway process; the default with REDIS_URL) or this process's memory. */
    store: 'redis' | 'memory';
    /** Bound of the memory store: least recently used answers are evicted past it. */
    maxBytes: number;
  };
  console: {
    /** Folder of the built Vue console served at `/`. */
    distDir: string;
  };
}

/** Processes run HTTP when their role is `all` or `api`, and consume jobs when `all` or `worker`. */
export const runsHttpApi = (c: AppConfig): boolean => c.role !== 'worker';
export const runsWorkers = (c: AppConfig): boolean => c.role !== 'api';
