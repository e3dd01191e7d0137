import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsInt,
  IsNumber,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import type { ExperimentKind, GuardrailMetric, MetricMeasure } from './core/experiment-spec.js';

const NAME = /^[a-z0-9][a-z0-9._-]{0,99}$/;
const NAME_MESSAGE = 'must be 1-100 lowercase letters, digits, . _ or -';

export class PromptMessageDto {
  @ApiProperty({ enum: ['system', 'developer', 'user', 'assistant'] }) @IsIn(['system', 'developer', 'user', 'assistant']) role:
    'system' | 'developer' | 'user' | 'assistant';
  @ApiProperty({ example: 'Answer with the number only.\n\n{{question}}', description: "Handlebars over the item's input variables" })
  @IsString()
  @MaxLength(100_000)
  content: string;
}

export class PromptDto {
  @ApiProperty({ type: [PromptMessageDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => PromptMessageDto)
  messages: PromptMessageDto[];
}

export class VariantParamsDto {
  @ApiPropertyOptional({ example: 0 }) @IsOptional() @IsNumber() @Min(0) @Max(2) temperature?: number;
  @ApiPropertyOptional() @IsOptional() @IsNumber() @Min(0) @Max(1) top_p?: number;
  @ApiPropertyOptional({ example: 256 }) @IsOptional() @IsInt() @Min(1) max_tokens?: number;
  @ApiPropertyOptional() @IsOptional() @IsInt() seed?: number;
}

export class VariantDto {
  @ApiProperty({ example: 'control' }) @IsString() @Matches(NAME, { message: NAME_MESSAGE }) name: string;
  @ApiProperty({ example: 'sim/sim-large', description: 'A catalogue model (`provider/model`) or a route alias' }) @IsString() @MaxLength(200) model: string;
  @ApiPropertyOptional({ type: VariantParamsDto }) @IsOptional() @ValidateNested() @Type(() => VariantParamsDto) params?: VariantParamsDto;
  @ApiPropertyOptional({ type: PromptDto, description: "Overrides the experiment's prompt" })
  @IsOptional()
  @ValidateNested()
  @Type(() => PromptDto)
  prompt?: PromptDto;
  @ApiPropertyOptional({
    example: 20,
    description: "Live experiments: the variant's share of the route's traffic in percent (all or none; equal shares when none)",
  })
  @IsOptional()
  @IsNumber()
  @Min(0)
  @Max(100)
  weight?: number;
}

export class DatasetRefDto {
  @ApiProperty({ example: 'arithmetic-word-problems' }) @IsString() @MaxLength(200) name: string;
  @ApiPropertyOptional({ example: 1, description: 'Pinned version; the latest when absent' }) @IsOptional() @IsInt() @Min(1) version?: number;
}

export class PrimaryMetricDto {
  @ApiProperty({ example: 'answer-is-right', description: "One of the experiment's graders, or `feedback:<metric>` for the application's feedback (live)" })
  @IsString()
  grader: string;
  @ApiPropertyOptional({ enum: ['score', 'pass_rate'], default: 'pass_rate' }) @IsOptional() @IsIn(['score', 'pass_rate']) measure?: MetricMeasure;
}

export class GuardrailDto {
  @ApiProperty({ enum: ['error_rate', 'latency_p95', 'cost_per_request'] }) @IsIn(['error_rate', 'latency_p95', 'cost_per_request']) metric: GuardrailMetric;
  @ApiPropertyOptional({ example: 0.5, description: 'Largest allowed relative increase over the control (0.5 = +50%)', default: 0.5 })
  @IsOptional()
  @IsNumber()
  @Min(0)
  @Max(100)
  maxRelativeIncrease?: number;
}

export class StoppingDto {
  @ApiProperty({ enum: ['sample_size', 'duration', 'sequential'] }) @IsIn(['sample_size', 'duration', 'sequential']) rule:
    'sample_size' | 'duration' | 'sequential';
  @ApiPropertyOptional({ description: 'sample_size: results per variant' }) @IsOptional() @IsInt() @Min(2) n?: number;
  @ApiPropertyOptional({ description: 'duration: hours' }) @IsOptional() @IsNumber() @Min(0.01) @Max(24 * 90) hours?: number;
  @ApiPropertyOptional({ description: 'sequential: significance level', default: 0.05 }) @IsOptional() @IsNumber() @Min(0.0001) @Max(0.5) alpha?: number;
  @ApiPropertyOptional({ description: 'Live and shadow: how often the rule is checked, in seconds', default: 30 })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(86400)
  checkEverySeconds?: number;
}

export class CreateExperimentDto {
  @ApiProperty({ example: 'small-vs-large-arithmetic' }) @IsString() @Matches(NAME, { message: NAME_MESSAGE }) name: string;
  @ApiPropertyOptional({ example: 'sim-small is as accurate as sim-large on arithmetic, for far less' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  hypothesis?: string;
  @ApiProperty({ enum: ['dataset', 'live', 'shadow'] }) @IsIn(['dataset', 'live', 'shadow']) kind: ExperimentKind;
  @ApiPropertyOptional({ type: DatasetRefDto }) @IsOptional() @ValidateNested() @Type(() => DatasetRefDto) dataset?: DatasetRefDto;
  @ApiPropertyOptional({ description: 'Live and shadow experiments: the route whose traffic is split or mirrored' }) @IsOptional() @IsString() route?: string;
  @ApiProperty({ type: [VariantDto], description: 'The control and the candidates' })
  @IsArray()
  @ArrayMinSize(2)
  @ArrayMaxSize(10)
  @ValidateNested({ each: true })
  @Type(() => VariantDto)
  variants: VariantDto[];
  @ApiPropertyOptional({ description: 'The control variant; the first when absent' }) @IsOptional() @IsString() control?: string;
  @ApiProperty({ example: ['answer-is-right'], description: 'Saved graders, by name' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  @IsString({ each: true })
  graders: string[];
  @ApiPropertyOptional({ type: PrimaryMetricDto, description: "The first grader's pass rate when absent" })
  @IsOptional()
  @ValidateNested()
  @Type(() => PrimaryMetricDto)
  primaryMetric?: PrimaryMetricDto;
  @ApiPropertyOptional({ type: [GuardrailDto] }) @IsOptional() @IsArray() @ValidateNested({ each: true }) @Type(() => GuardrailDto) guardrails?: GuardrailDto[];
  @ApiPropertyOptional({ example: 0.02, description: 'Non-inferiority margin on the primary metric (absolute)', default: 0.02 })
  @IsOptional()
  @IsNumber()
  @Min(0)
  @Max(1)
  nonInferiorityMargin?: number;
  @ApiPropertyOptional({ type: StoppingDto }) @IsOptional() @ValidateNested() @Type(() => StoppingDto) stopping?: StoppingDto;
  @ApiPropertyOptional({ example: 16, description: 'Model calls in flight at once', default: 16 })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(512)
  concurrency?: number;
  @ApiPropertyOptional({ type: PromptDto, description: 'Prompt template for every variant without its own' })
  @IsOptional()
  @ValidateNested()
  @Type(() => PromptDto)
  prompt?: PromptDto;
  @ApiPropertyOptional({
    example: 0.1,
    default: 0.1,
    description: 'Live: share of requests whose output the graders score; shadow: share of the route’s requests mirrored to the candidates',
  })
  @IsOptional()
  @IsNumber()
  @Min(0)
  @Max(1)
  sampleRate?: number;
  @ApiPropertyOptional({
    enum: ['better', 'better-or-cheaper'],
    description: 'When the stopping rule ends the run with a winner (better; or also non-inferior and cheaper), start its promotion by itself',
  })
  @IsOptional()
  @IsIn(['better', 'better-or-cheaper'])
  autoPromote?: 'better' | 'better-or-cheaper';
  @ApiPropertyOptional({ description: 'The route an automatic promotion moves (dataset runs; live and shadow use `route`)' })
  @IsOptional()
  @IsString()
  promoteRoute?: string;
  @ApiPropertyOptional({ description: 'Start running at once (default true)', default: true }) @IsOptional() start?: boolean;
}

export class ProgressDto {
  @ApiProperty({ enum: ['draft', 'running', 'paused', 'completed', 'cancelled', 'failed'] }) status: string;
  @ApiProperty({ description: 'Results planned: items × variants' }) total: number;
  @ApiProperty({ description: 'Results stored (successful or failed calls)' }) done: number;
  @ApiProperty({ description: 'Results whose model call failed' }) failed: number;
  @ApiProperty() costUsd: number;
  @ApiProperty({ description: 'Results per second over the run so far' }) rate: number;
  @ApiProperty({ nullable: true, type: Number, description: 'Seconds left at the current rate' }) etaSeconds: number | null;
  @ApiProperty({ type: Object, description: 'Per variant: done, failed, cost' }) variants: Record<string, { done: number; failed: number; costUsd: number }>;
}

export class ExperimentDto {
  @ApiProperty() id: string;
  @ApiProperty() name: string;
  @ApiProperty() hypothesis: string;
  @ApiProperty({ enum: ['dataset', 'live', 'shadow'] }) kind: string;
  @ApiProperty({ enum: ['draft', 'running', 'paused', 'completed', 'cancelled', 'failed'] }) status: string;
  @ApiProperty({ description: 'The whole definition, graders copied in and the dataset version pinned' }) spec: Record<string, unknown>;
  @ApiProperty() total: number;
  @ApiProperty({ nullable: true, type: String }) error: string | null;
  @ApiProperty() actor: string;
  @ApiProperty() createdAt: string;
  @ApiProperty({ nullable: true, type: String }) startedAt: string | null;
  @ApiProperty({ nullable: true, type: String }) finishedAt: string | null;
}

export class ResultRowDto {
  @ApiProperty() item: number;
  @ApiPropertyOptional() externalId?: string;
  @ApiProperty() input: Record<string, unknown>;
  @ApiPropertyOptional() expected?: unknown;
  @ApiProperty({ type: Object, description: 'Per variant: output (untrusted model text), error, latency, cost, and each grader’s score, pass and reason' })
  variants: Record<string, unknown>;
}

export class ResultPageDto {
  @ApiProperty() total: number;
  @ApiProperty({ type: [ResultRowDto] }) rows: ResultRowDto[];
}

export class ResultsQueryDto {
  @ApiPropertyOptional({ default: 0 }) @IsOptional() @Type(() => Number) @IsInt() @Min(0) offset?: number;
  @ApiPropertyOptional({ default: 50 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(500) limit?: number;
  @ApiPropertyOptional({ description: 'Only items where the variants disagree on the primary grader (pass, or score)' })
  @IsOptional()
  @IsIn(['true', 'false'])
  disagree?: 'true' | 'false';
  @ApiPropertyOptional({ description: 'Only items where this variant failed or did not pass' }) @IsOptional() @IsString() failing?: string;
}

export class ExportResultsQueryDto {
  @ApiPropertyOptional({ enum: ['csv', 'jsonl'], default: 'csv' }) @IsOptional() @IsIn(['csv', 'jsonl']) format?: 'csv' | 'jsonl';
}
