import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class IntervalDto {
  @ApiProperty() estimate: number;
  @ApiProperty({ description: 'Lower bound of the 95% interval' }) lo: number;
  @ApiProperty({ description: 'Upper bound of the 95% interval' }) hi: number;
}

export class MetricViewDto {
  @ApiProperty() n: number;
  @ApiProperty({ description: 'Scores the grader could not give' }) errors: number;
  @ApiProperty({ type: IntervalDto, description: 'Mean score with a t interval' }) mean: IntervalDto;
  @ApiProperty({ type: IntervalDto, description: 'Pass rate with a Wilson interval' }) passRate: IntervalDto;
}

export class VariantReportDto {
  @ApiProperty() name: string;
  @ApiProperty() model: string;
  @ApiProperty() control: boolean;
  @ApiProperty({ description: 'Results (calls made)' }) n: number;
  @ApiProperty() errors: number;
  @ApiProperty({ type: IntervalDto }) errorRate: IntervalDto;
  @ApiProperty({ description: 'p50 and p95 with percentile-bootstrap intervals', example: { p50: { estimate: 210, lo: 198, hi: 223 }, p95: null } })
  latencyMs: { p50: IntervalDto | null; p95: IntervalDto | null };
  @ApiProperty({ example: { total: 0.42, perRequest: 0.0026 } }) costUsd: { total: number; perRequest: number };
  @ApiProperty({ example: { input: 12000, output: 3400 } }) tokens: { input: number; output: number };
  @ApiProperty({ type: 'object', additionalProperties: { $ref: '#/components/schemas/MetricViewDto' }, description: 'Per grader' })
  metrics: Record<string, MetricViewDto>;
}

export class ComparisonDto extends IntervalDto {
  @ApiProperty() variant: string;
  @ApiProperty() grader: string;
  @ApiProperty({ enum: ['score', 'pass_rate'] }) measure: string;
  @ApiProperty({ description: 'Items scored for both the candidate and the control' }) n: number;
  @ApiProperty({ example: 'McNemar exact' }) test: string;
  @ApiProperty({ description: 'Two-sided p-value' }) p: number;
  @ApiProperty({ description: 'Holm-adjusted over the candidates (primary metric)' }) pAdjusted: number;
  @ApiPropertyOptional() df?: number;
  @ApiPropertyOptional() statistic?: number;
  @ApiPropertyOptional({ description: 'A pairwise judge: the estimate is the win rate minus ½' }) pairwise?: boolean;
}

export class GuardrailCheckDto {
  @ApiProperty({ enum: ['error_rate', 'latency_p95', 'cost_per_request'] }) metric: string;
  @ApiProperty({ nullable: true, type: Number }) control: number | null;
  @ApiProperty({ nullable: true, type: Number }) candidate: number | null;
  @ApiProperty() maxRelativeIncrease: number;
  @ApiProperty() breached: boolean;
}

export class VerdictDto {
  @ApiProperty() variant: string;
  @ApiProperty({ enum: ['better', 'worse', 'non-inferior and cheaper', 'inconclusive'] }) verdict: string;
  @ApiProperty({ description: 'The reason in one sentence' }) reason: string;
  @ApiProperty({ type: [GuardrailCheckDto] }) guardrails: GuardrailCheckDto[];
  @ApiProperty() guardrailsOk: boolean;
}

export class ReportDto {
  @ApiProperty({ description: 'id, name, status, kind, hypothesis, dataset, total' }) experiment: Record<string, unknown>;
  @ApiProperty() control: string;
  @ApiProperty({ example: { grader: 'capital-exact', measure: 'pass_rate' } }) primaryMetric: { grader: string; measure: string };
  @ApiProperty() nonInferiorityMargin: number;
  @ApiProperty() alpha: number;
  @ApiProperty({ type: [VariantReportDto] }) variants: VariantReportDto[];
  @ApiProperty({ type: [ComparisonDto] }) comparisons: ComparisonDto[];
  @ApiProperty({ type: [VerdictDto] }) verdicts: VerdictDto[];
  @ApiProperty({ type: [String], description: 'Variants on the cost–quality frontier' }) pareto: string[];
  @ApiProperty({ type: [String] }) notes: string[];
}
