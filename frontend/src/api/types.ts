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

/** The upstream protocols a provider account can speak (`openai` also covers every OpenAI-compatible server). */
export type ProviderKind = 'openai' | 'anthropic' | 'gemini' | 'simulator';

export interface ProviderTimeouts {
  connectMs?: number;
  firstByteMs?: number;
  totalMs?: number;
}

/** One catalogue entry (`GET /api/models`, and `models` of a provider). */
export interface ModelDto {
  /** What clients send as `model`: `<provider>/<model>`. */
  id: string;
  provider: string;
  model: string;
  /** USD per million input tokens; null when unknown. */
  inputPricePerM: number | null;
  /** USD per million output tokens; null when unknown. */
  outputPricePerM: number | null;
  contextWindow: number | null;
  capabilities: string[];
  /** Synthetic output from the built-in simulator, not a real model. */
  simulated: boolean;
}

/** `GET /api/providers`: a provider account. Credentials are never returned, only whether one is stored. */
export interface ProviderDto {
  id: string;
  name: string;
  kind: ProviderKind;
  baseUrl: string;
  hasApiKey: boolean;
  /** Header names only; their values may be secret. */
  headerNames: string[];
  options: Record<string, unknown>;
  timeouts: ProviderTimeouts;
  models: ModelDto[];
  createdAt: string;
}

export interface ModelInput {
  model: string;
  inputPricePerM?: number;
  outputPricePerM?: number;
  contextWindow?: number;
  capabilities?: string[];
}

/** `POST /api/providers` */
export interface CreateProviderRequest {
  /** 1-63 lowercase letters, digits, `-` or `_`, starting with a letter or digit. */
  name: string;
  kind: ProviderKind;
  /** Defaults to the kind's public API. */
  baseUrl?: string;
  apiKey?: string;
  headers?: Record<string, string>;
  options?: Record<string, unknown>;
  timeouts?: ProviderTimeouts;
  /** Defaults to the kind's known models with public prices. */
  models?: ModelInput[];
}

/** `POST /api/providers/:id/test`: a one-token chat against the provider. */
export interface ConnectionTestDto {
  ok: boolean;
  model: string;
  latencyMs: number;
  /** Error kind from the gateway's shared taxonomy (`network`, `auth`, …) when not ok. */
  errorKind?: string;
  message?: string;
}

/** `GET /api/keys`: a gateway API key, without its secret. */
export interface KeyLimits {
  requestsPerMinute?: number | null;
  tokensPerMinute?: number | null;
  dailyBudgetUsd?: number | null;
  monthlyBudgetUsd?: number | null;
}

export interface KeyDto {
  id: string;
  name: string;
  /** The first characters of the key, to tell keys apart. */
  prefix: string;
  scopes?: string[];
  allowedModels?: string[] | null;
  limits?: KeyLimits;
  spentTodayUsd?: number;
  spentMonthUsd?: number;
  createdAt: string;
  revokedAt: string | null;
}

/** `POST /api/keys`: the only response that carries the secret. */
export interface CreatedKeyDto extends KeyDto {
  secret: string;
}

/** A route target: a catalogue model and its share of traffic (0 = fallback only). */
export interface RouteTarget {
  model: string;
  weight: number;
  overrides?: { temperature?: number; top_p?: number; max_tokens?: number; seed?: number; system?: string };
}

/** The full content of one route version, defaults filled in. */
export interface RouteSpec {
  targets: RouteTarget[];
  fallback: {
    on: string[];
    maxAttempts: number;
    backoff: { initialMs: number; maxMs: number; multiplier: number; jitter: boolean };
    attemptTimeoutMs?: number;
    totalTimeoutMs?: number;
  };
  breaker: { failureThreshold: number; errorRate: number; windowMs: number; minRequests: number; cooldownMs: number };
  sticky: 'user' | 'header' | 'none';
  capture: { bodies: boolean; redact: string[] };
}

export interface RouteVersionDto {
  version: number;
  spec: RouteSpec;
  actor: string;
  reason: string;
  rollbackOf: number | null;
  createdAt: string;
}

/** `GET /api/routes` */
export interface RouteDto {
  id: string;
  alias: string;
  description: string;
  currentVersion: number;
  current: RouteVersionDto;
  createdAt: string;
  updatedAt: string;
}

/** One change between two route versions. */
export interface RouteChange {
  path: string;
  op: 'added' | 'removed' | 'changed';
  from?: unknown;
  to?: unknown;
}

export interface DatasetVersionDto {
  version: number;
  format: string;
  source: string;
  rows: number;
  skipped: number;
  fields: { input: Record<string, number>; metadata: Record<string, number>; withExpected: number };
  createdAt: string;
}

export interface DatasetDto {
  id: string;
  name: string;
  description: string;
  latest: DatasetVersionDto | null;
  createdAt: string;
}

export interface UploadResultDto extends DatasetVersionDto {
  problems: Array<{ path: string; message: string }>;
}

export interface DatasetItemDto {
  index: number;
  id: string | null;
  input: Record<string, unknown>;
  expected?: unknown;
  metadata?: Record<string, unknown>;
}

export interface GraderTypeDto {
  type: string;
  description: string;
  schema: Record<string, unknown>;
}

export interface GraderDto {
  id: string;
  name: string;
  type: string;
  config: Record<string, unknown>;
  description: string;
  createdAt: string;
  updatedAt: string;
}

/** `POST /api/graders/try`: a score, or why the grader could not decide. */
export interface GradeResultDto {
  ok: boolean;
  score?: number;
  pass?: boolean;
  reason?: string;
  error?: string;
  judgeCostUsd?: number;
}

/** One row of `GET /api/usage/summary`. */
export interface UsageRowDto {
  group: string;
  keyId?: string;
  requests: number;
  errors: number;
  errorRate: number;
  inputTokens: number;
  outputTokens: number;
  costUsd: number;
  latencyP50Ms: number | null;
  latencyP95Ms: number | null;
  latencyP99Ms: number | null;
  ttftP50Ms: number | null;
}
