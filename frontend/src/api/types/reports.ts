// Score reports (`/api/experiments/:id/report`).

import type { GuardrailMetric, MetricMeasure } from './experiments';

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
