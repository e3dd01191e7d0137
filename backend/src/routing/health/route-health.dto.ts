import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import { STRATEGIES } from '../core/route-spec.js';

export class TargetHealthDto {
  @ApiProperty({ example: 'openai/gpt-4o-mini' }) model: string;
  @ApiProperty({ description: 'Share of traffic under the weighted strategy' }) weight: number;
  @ApiProperty({ description: 'Whether this target is only the budget downgrade (not one of the targets)' }) downgradeOnly: boolean;
  @ApiProperty({ enum: ['closed', 'open', 'half_open'] }) breaker: string;
  @ApiProperty({ description: 'Whether the breaker lets calls through now (closed, or ready for a probe)' }) available: boolean;
  @ApiProperty({ nullable: true, type: Number, description: 'Decayed average total latency of whole (non-streamed) responses, ms; null before the first' })
  latencyMs: number | null;
  @ApiProperty({ nullable: true, type: Number, description: 'Decayed average time to first chunk of streamed responses, ms; null before the first' })
  ttftMs: number | null;
  @ApiProperty({ description: 'Decayed error rate, 0..1 (failures that say something about the target; client errors excluded)' }) errorRate: number;
  @ApiProperty({ description: 'Calls this process made to the target since it started' }) requests: number;
  @ApiProperty() failures: number;
  @ApiProperty({ nullable: true, type: String, description: 'When this process last called it' }) lastCallAt: string | null;
  @ApiProperty({ nullable: true, type: Number, description: 'Catalogue price, USD per million input tokens' }) inputPricePerM: number | null;
  @ApiProperty({ nullable: true, type: Number, description: 'Catalogue price, USD per million output tokens' }) outputPricePerM: number | null;
}

export class DecisionDto {
  @ApiProperty() at: string;
  @ApiProperty({ enum: STRATEGIES }) strategy: string;
  @ApiProperty({ enum: ['route', 'suffix', 'provider.sort'], description: 'What chose the strategy' }) source: string;
  @ApiProperty({ type: [String], description: 'Targets in attempt order' }) order: string[];
  @ApiPropertyOptional({
    type: [Number],
    description: 'Per target in `order`: expected USD (cheapest; null = price unknown) or average ms (fastest; -1 = not yet measured)',
  })
  scores?: Array<number | null>;
  @ApiPropertyOptional() explored?: boolean;
  @ApiPropertyOptional({ type: [String], description: 'Targets whose breaker refused calls' }) unhealthy?: string[];
  @ApiPropertyOptional({ description: 'Targets left out and why: [{target, reason}]' }) skipped?: Array<{ target: string; reason: string }>;
  @ApiPropertyOptional({ description: 'Set when a daily budget passed the threshold: {by: key|route, spentUsd, budgetUsd, threshold}' })
  downgrade?: { by: string; spentUsd: number; budgetUsd: number; threshold: number };
  @ApiPropertyOptional({ description: 'The target that answered' }) served?: string;
  @ApiPropertyOptional({ description: 'The error kind the request failed with' }) error?: string;
  @ApiPropertyOptional({ description: 'Calls made' }) attempts?: number;
  @ApiProperty({ example: 'sim/cheap first as the cheapest healthy target, expected $0.000120 per request' }) why: string;
}

export class RouteHealthDto {
  @ApiProperty() alias: string;
  @ApiProperty() version: number;
  @ApiProperty({ enum: STRATEGIES }) strategy: string;
  @ApiProperty({ description: 'Always true: these figures are this process’s own (each gateway process learns separately)' }) perProcess: boolean;
  @ApiProperty({ nullable: true, type: Number, description: 'Decayed average prompt tokens per request (what cheapest prices requests at)' }) avgInputTokens:
    number | null;
  @ApiProperty({ nullable: true, type: Number }) avgOutputTokens: number | null;
  @ApiProperty({ type: [TargetHealthDto] }) targets: TargetHealthDto[];
  @ApiProperty({ type: [DecisionDto], description: 'The latest routing decisions, newest first' }) decisions: DecisionDto[];
}

export class RouteHealthQueryDto {
  @ApiPropertyOptional({ default: 20, description: 'How many recent decisions (1-50)' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(50)
  limit?: number;
}
