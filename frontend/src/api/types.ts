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
  /** Absent means weighted. */
  strategy?: RoutingStrategy;
  exploration?: number;
  downgrade?: { model: string; threshold: number; routeDailyBudgetUsd?: number };
  /** The response cache; absent when the route never configured one. */
  cache?: { enabled: boolean; ttlSeconds: number; shared: boolean; optIn: boolean };
}

export type RoutingStrategy = 'weighted' | 'cheapest' | 'fastest' | 'ordered';

/** `GET /api/routes/{alias}/health`: this gateway process's live view of a route. */
export interface RouteHealthDto {
  alias: string;
  version: number;
  strategy: RoutingStrategy;
  perProcess: boolean;
  avgInputTokens: number | null;
  avgOutputTokens: number | null;
  targets: Array<{
    model: string;
    weight: number;
    downgradeOnly: boolean;
    breaker: 'closed' | 'open' | 'half_open';
    available: boolean;
    latencyMs: number | null;
    ttftMs: number | null;
    errorRate: number;
    requests: number;
    failures: number;
    lastCallAt: string | null;
    inputPricePerM: number | null;
    outputPricePerM: number | null;
  }>;
  decisions: Array<{
    at: string;
    strategy: RoutingStrategy;
    source: 'route' | 'suffix' | 'provider.sort';
    order: string[];
    served?: string;
    error?: string;
    explored?: boolean;
    why: string;
  }>;
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

/** `GET /api/datasets/:dataset`: the dataset with every version, newest first. */
export interface DatasetDetailDto extends DatasetDto {
  versions: DatasetVersionDto[];
}

export interface UploadResultDto extends DatasetVersionDto {
  problems: Array<{ path: string; message: string }>;
}

/** `POST /api/datasets/:dataset/versions/from-traffic`: which logged requests (with captured bodies) become items. */
export interface FromTrafficBody {
  route?: string;
  /** ISO 8601; default 7 days before `to`. */
  from?: string;
  /** ISO 8601, exclusive; default now. */
  to?: string;
  status?: 'ok' | 'error';
  limit?: number;
  /** Keep the logged answer as the expected answer (default true). */
  expectedFromResponse?: boolean;
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
/** Where a template problem is (1-based) and what it is. */
export interface TemplateErrorDto {
  line: number;
  column: number;
  message: string;
}

/** `POST /api/templates/validate` */
export interface TemplateCheckDto {
  ok: boolean;
  error?: TemplateErrorDto;
  variables: string[];
  available: Array<{ name: string; description: string }>;
  preview?: string;
}

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
  cacheHits: number;
  cacheMisses: number;
  /** hits / (hits + misses); null when the cache looked nothing up. */
  cacheHitRate: number | null;
  /** What the hits would have cost. */
  savedUsd: number;
  latencyP50Ms: number | null;
  latencyP95Ms: number | null;
  latencyP99Ms: number | null;
  ttftP50Ms: number | null;
}

/** How `GET /api/usage/summary` and `/timeseries` group their rows (`model` is the target that served the request). */
export type UsageGroup = 'key' | 'route' | 'model' | 'day' | 'none';
export type UsageInterval = 'minute' | 'hour' | 'day';

/** `GET /api/usage/summary` */
export interface UsageSummaryDto {
  from: string;
  to: string;
  groupBy: UsageGroup;
  rows: UsageRowDto[];
}

/** One bucket of `GET /api/usage/timeseries`; buckets without requests are left out. */
export interface TimeseriesPointDto extends UsageRowDto {
  /** Bucket start (ISO 8601). */
  bucket: string;
}

/** `GET /api/usage/timeseries` */
export interface TimeseriesDto {
  from: string;
  to: string;
  interval: UsageInterval;
  groupBy: UsageGroup;
  points: TimeseriesPointDto[];
}

/** One call to one target while serving a request, in the order they were made. */
export interface AttemptDto {
  target: string;
  /** Error kind (`server_error`, `timeout`, …); absent for the attempt that answered. */
  error?: string;
  latencyMs: number;
  /** Why the target was passed over without a call (an open circuit breaker). */
  skipped?: string;
}

/** `GET /api/requests`: one gateway request as logged, newest first. */
export interface RequestLogDto {
  requestId: string;
  at: string;
  keyId: string | null;
  /** What the client sent as `model`: a route alias or a catalogue model. */
  model: string;
  route: string | null;
  routeVersion: number | null;
  /** The live or shadow experiment that assigned this request, and the variant that served it. */
  experimentId: string | null;
  variant: string | null;
  /** The catalogue model that answered (or was tried last). */
  target: string | null;
  attempts: AttemptDto[];
  stream: boolean;
  /** HTTP status returned to the client; 400 and above is an error. */
  status: number;
  errorCode: string | null;
  /** Untrusted text: an upstream may have written it. */
  errorMessage: string | null;
  latencyMs: number;
  /** Time to first token, for streamed requests. */
  ttftMs: number | null;
  inputTokens: number;
  outputTokens: number;
  cachedTokens: number;
  costUsd: number | null;
  /** What the response cache did (as the `x-switchyard-cache` header said); null when it took no part. */
  cache: CacheOutcome | null;
  /** On a cache hit: what the stored answer cost when it was made. */
  savedUsd: number | null;
}

/** What the response cache did to one request. */
export type CacheOutcome = 'hit' | 'miss' | 'refresh' | 'bypass';

/** `GET /api/requests/:requestId`; bodies only when the route captures them (redacted, untrusted). */
export interface RequestLogDetailDto extends RequestLogDto {
  requestBody?: unknown;
  responseBody?: unknown;
}

/** What an experiment compares on: a dataset run offline, a split of a route's live traffic, or a mirror of it. */
export type ExperimentKind = 'dataset' | 'live' | 'shadow';
export type ExperimentStatus = 'draft' | 'running' | 'paused' | 'completed' | 'cancelled' | 'failed';
export type MetricMeasure = 'pass_rate' | 'score';
export type GuardrailMetric = 'error_rate' | 'latency_p95' | 'cost_per_request';
export type StoppingRuleKind = 'sample_size' | 'duration' | 'sequential';
export type AutoPromote = 'better' | 'better-or-cheaper';

export interface PromptTemplate {
  messages: Array<{ role: 'system' | 'developer' | 'user' | 'assistant'; content: string }>;
}

export interface VariantSpec {
  name: string;
  /** A catalogue model (`provider/model`) or a route alias. */
  model: string;
  params?: { temperature?: number; top_p?: number; max_tokens?: number; seed?: number };
  prompt?: PromptTemplate;
  /** Live: share of the route's traffic in percent. */
  weight?: number;
}

export interface StoppingRule {
  rule: StoppingRuleKind;
  n?: number;
  hours?: number;
  alpha?: number;
  checkEverySeconds?: number;
}

/** `POST /api/experiments` */
export interface CreateExperimentRequest {
  name: string;
  hypothesis?: string;
  kind: ExperimentKind;
  dataset?: { name: string; version?: number };
  route?: string;
  variants: VariantSpec[];
  control?: string;
  graders: string[];
  primaryMetric?: { grader: string; measure?: MetricMeasure };
  guardrails?: Array<{ metric: GuardrailMetric; maxRelativeIncrease?: number }>;
  nonInferiorityMargin?: number;
  stopping?: StoppingRule;
  concurrency?: number;
  prompt?: PromptTemplate;
  sampleRate?: number;
  autoPromote?: AutoPromote;
  promoteRoute?: string;
  start?: boolean;
}

/** The stored definition: graders copied in, the dataset version pinned, defaults filled. */
export interface ExperimentSpec {
  kind: ExperimentKind;
  dataset?: { name: string; version: number };
  route?: string;
  variants: VariantSpec[];
  control: string;
  graders: Array<{ name: string; type: string }>;
  primaryMetric: { grader: string; measure: MetricMeasure };
  guardrails: Array<{ metric: GuardrailMetric; maxRelativeIncrease: number }>;
  nonInferiorityMargin: number;
  stopping: StoppingRule;
  concurrency: number;
  sampleRate?: number;
  autoPromote?: AutoPromote;
  promoteRoute?: string;
}

/** `GET /api/experiments` */
export interface ExperimentDto {
  id: string;
  name: string;
  hypothesis: string;
  kind: ExperimentKind;
  status: ExperimentStatus;
  spec: ExperimentSpec;
  /** Results planned: items × variants (0 for an open-ended live run). */
  total: number;
  error: string | null;
  actor: string;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
}

/** `GET /api/experiments/:name/progress`, and each `progress` server-sent event. */
export interface ProgressDto {
  status: ExperimentStatus;
  total: number;
  done: number;
  failed: number;
  costUsd: number;
  /** Results per second over the run so far. */
  rate: number;
  etaSeconds: number | null;
  variants: Record<string, { done: number; failed: number; costUsd: number }>;
}

export interface ScoreView {
  score: number | null;
  pass: boolean | null;
  /** Untrusted text (a judge model may have written it). */
  reason: string;
  error?: string;
}

/** One variant's answer to one item. */
export interface VariantResultView {
  ok: boolean;
  /** Untrusted model output. */
  output: string | null;
  error?: { code: string; message: string };
  latencyMs: number;
  costUsd: number;
  target: string | null;
  scores: Record<string, ScoreView>;
}

export interface ResultRowDto {
  item: number;
  externalId?: string;
  input: Record<string, unknown>;
  expected?: unknown;
  variants: Record<string, VariantResultView>;
}

/** `GET /api/experiments/:name/results` */
export interface ResultPageDto {
  total: number;
  rows: ResultRowDto[];
}

/** An estimate with its 95% interval. */
export interface IntervalDto {
  estimate: number;
  lo: number;
  hi: number;
}

export interface MetricViewDto {
  n: number;
  errors: number;
  mean: IntervalDto;
  passRate: IntervalDto;
}

export interface VariantReportDto {
  name: string;
  model: string;
  control: boolean;
  n: number;
  errors: number;
  errorRate: IntervalDto;
  latencyMs: { p50: IntervalDto | null; p95: IntervalDto | null };
  costUsd: { total: number; perRequest: number };
  tokens: { input: number; output: number };
  metrics: Record<string, MetricViewDto>;
}

export interface ComparisonDto extends IntervalDto {
  variant: string;
  grader: string;
  measure: MetricMeasure;
  n: number;
  test: string;
  p: number;
  pAdjusted: number;
  df?: number;
  statistic?: number;
  pairwise?: boolean;
  /** Live and shadow: the always-valid p-value and confidence sequence the verdicts use. */
  alwaysValid?: { p: number; lo: number; hi: number };
}

export interface GuardrailCheckDto {
  metric: GuardrailMetric;
  control: number | null;
  candidate: number | null;
  maxRelativeIncrease: number;
  breached: boolean;
}

export type VerdictKind = 'better' | 'worse' | 'non-inferior and cheaper' | 'inconclusive';

export interface VerdictDto {
  variant: string;
  verdict: VerdictKind;
  /** One sentence. */
  reason: string;
  guardrails: GuardrailCheckDto[];
  guardrailsOk: boolean;
}

export interface SrmDto {
  chi2: number;
  df: number;
  p: number;
  mismatch: boolean;
  observed: Record<string, number>;
  expectedShare: Record<string, number>;
}

/** `GET /api/experiments/:name/report` */
export interface ReportDto {
  experiment: Record<string, unknown>;
  control: string;
  primaryMetric: { grader: string; measure: MetricMeasure };
  nonInferiorityMargin: number;
  alpha: number;
  variants: VariantReportDto[];
  comparisons: ComparisonDto[];
  verdicts: VerdictDto[];
  /** Variants on the cost–quality frontier. */
  pareto: string[];
  notes: string[];
  srm?: SrmDto | null;
  labels?: Array<{ variant: string; metric: string; label: string; n: number }>;
}

/** `POST /api/promotions` */
export interface CreatePromotionRequest {
  route: string;
  experiment?: string;
  variant?: string;
  model?: string;
  mode?: 'ramp' | 'immediate';
  steps?: number[];
  minSeconds?: number;
  minRequests?: number;
  checkEverySeconds?: number;
  maxErrorRateIncrease?: number;
  maxLatencyIncrease?: number;
  maxFeedbackDrop?: number;
  reason?: string;
}

export type PromotionStatus = 'ramping' | 'paused' | 'completed' | 'rolled_back' | 'cancelled';

export interface PromotionEventDto {
  at: string;
  event: 'started' | 'advanced' | 'checked' | 'paused' | 'resumed' | 'completed' | 'rolled_back' | 'cancelled';
  step: number;
  share: number;
  routeVersion?: number;
  actor: string;
  reason: string;
}

/** A side of a ramp's guardrail comparison over a window of the request log. */
export interface PromotionWindow {
  attempts: number;
  failures: number;
  answered: number;
  p95: number | null;
  feedback?: { n: number; mean: number };
}

export interface PromotionGuardrails {
  minSeconds: number;
  minRequests: number;
  checkEverySeconds: number;
  maxErrorRateIncrease: number;
  maxLatencyIncrease: number;
  minSamples: number;
  maxFeedbackDrop?: number;
  feedbackMetric?: string;
  /** The old targets over the hour before the promotion. */
  baseline: PromotionWindow;
}

/** `GET /api/promotions/:id` */
export interface PromotionDto {
  id: string;
  experimentId: string | null;
  route: string;
  variant: string;
  model: string;
  status: PromotionStatus;
  steps: number[];
  step: number;
  /** Percent of the route's traffic the promoted model has now. */
  share: number;
  stepStartedAt: string | null;
  baseVersion: number;
  guardrails: PromotionGuardrails;
  history: PromotionEventDto[];
  reason: string;
  actor: string;
  createdAt: string;
}
