// Experiment definitions, runs and results (`/api/experiments`).

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
