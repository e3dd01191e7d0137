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
  /** OpenTelemetry traces over OTLP/HTTP (standard OTEL_* variables); absent when no endpoint is set: tracing off, SDK not loaded. */
  telemetry?: TelemetryConfig;
}

/** Where and how traces are exported; read from the standard OTEL_* variables by `readOtelEnv`. */
export interface TelemetryConfig {
  /** The OTLP/HTTP traces URL: OTEL_EXPORTER_OTLP_TRACES_ENDPOINT, else OTEL_EXPORTER_OTLP_ENDPOINT + `/v1/traces`. */
  tracesUrl: string;
  /** Sent with every export (e.g. a vendor's API key); never logged. */
  headers: Record<string, string>;
  /** `service.name` of every span: OTEL_SERVICE_NAME, default `switchyard`. */
  serviceName: string;
  resourceAttributes: Record<string, string>;
  /** OTEL_TRACES_SAMPLER and its ratio (OTEL_TRACES_SAMPLER_ARG); parent-based always-on by default. */
  sampler: {
    name: 'always_on' | 'always_off' | 'traceidratio' | 'parentbased_always_on' | 'parentbased_always_off' | 'parentbased_traceidratio';
    ratio: number;
  };
  /** OTEL_BSP_SCHEDULE_DELAY: how long spans wait in the batch before export, when set. */
  scheduleDelayMs?: number;
}

/** Processes run HTTP when their role is `all` or `api`, and consume jobs when `all` or `worker`. */
export const runsHttpApi = (c: AppConfig): boolean => c.role !== 'worker';
export const runsWorkers = (c: AppConfig): boolean => c.role !== 'api';
