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
  @ApiPropertyOptional({
    description: 'Live and shadow: the mSPRT always-valid p-value and confidence sequence at this look (what the verdicts use)',
    example: { p: 0.004, lo: 0.01, hi: 0.09 },
  })
  alwaysValid?: { p: number; lo: number; hi: number };
}

export class SrmDto {
  @ApiProperty() chi2: number;
  @ApiProperty() df: number;
  @ApiProperty() p: number;
  @ApiProperty({ description: 'p < 0.001: the split does not match the allocation' }) mismatch: boolean;
  @ApiProperty({ example: { control: 812, candidate: 188 } }) observed: Record<string, number>;
  @ApiProperty({ example: { control: 0.8, candidate: 0.2 } }) expectedShare: Record<string, number>;
}

export class LabelCountDto {
  @ApiProperty() variant: string;
  @ApiProperty() metric: string;
  @ApiProperty() label: string;
  @ApiProperty() n: number;
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
  @ApiPropertyOptional({ type: SrmDto, nullable: true, description: 'Live: the sample-ratio-mismatch chi-square test of requests per variant' })
  srm?: SrmDto | null;
  @ApiPropertyOptional({ type: [LabelCountDto], description: 'Live: feedback labels counted per variant' }) labels?: LabelCountDto[];
}
