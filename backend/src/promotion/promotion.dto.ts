import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsInt, IsNumber, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';

export class CreatePromotionDto {
  @ApiProperty({ example: 'support-bot', description: 'The route whose traffic moves' }) @IsString() @MaxLength(200) route: string;
  @ApiPropertyOptional({ description: 'The experiment the winner comes from (id or name)' }) @IsOptional() @IsString() experiment?: string;
  @ApiPropertyOptional({ description: "The experiment's variant to promote" }) @IsOptional() @IsString() variant?: string;
  @ApiPropertyOptional({ example: 'sim/sim-small', description: 'A catalogue model to promote, without an experiment' })
  @IsOptional()
  @IsString()
  model?: string;
  @ApiPropertyOptional({ enum: ['ramp', 'immediate'], default: 'ramp' }) @IsOptional() @IsIn(['ramp', 'immediate']) mode?: 'ramp' | 'immediate';
  @ApiPropertyOptional({ example: [5, 25, 50, 100], description: 'Shares in percent, increasing, ending at 100' })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  @IsInt({ each: true })
  @Min(1, { each: true })
  @Max(100, { each: true })
  steps?: number[];
  @ApiPropertyOptional({ example: 600, default: 600, description: 'Least time per step' }) @IsOptional() @IsInt() @Min(1) @Max(7 * 86400) minSeconds?: number;
  @ApiPropertyOptional({ example: 200, default: 200, description: 'Least requests the new target serves per step' })
  @IsOptional()
  @IsInt()
  @Min(1)
  minRequests?: number;
  @ApiPropertyOptional({ example: 15, default: 15, description: 'How often guardrails are checked' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(3600)
  checkEverySeconds?: number;
  @ApiPropertyOptional({ default: 0.5, description: 'Largest relative error-rate increase over the old targets' })
  @IsOptional()
  @IsNumber()
  @Min(0)
  maxErrorRateIncrease?: number;
  @ApiPropertyOptional({ default: 0.5, description: 'Largest relative latency-p95 increase over the old targets' })
  @IsOptional()
  @IsNumber()
  @Min(0)
  maxLatencyIncrease?: number;
  @ApiPropertyOptional({
    default: 0.1,
    description: 'Largest drop of the mean feedback (thumbs-up rate; absolute) against the old targets; compared once each side has minSamples feedback',
  })
  @IsOptional()
  @IsNumber()
  @Min(0)
  maxFeedbackDrop?: number;
  @ApiPropertyOptional({ default: 'thumbs', description: 'The feedback metric (POST /v1/feedback) the guardrail reads' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  feedbackMetric?: string;
  @ApiPropertyOptional({ default: 20, description: 'Requests each side needs before a guardrail comparison counts' })
  @IsOptional()
  @IsInt()
  @Min(1)
  minSamples?: number;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(2000) reason?: string;
}

export class PromotionActionDto {
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(2000) reason?: string;
}

export class PromotionEventDto {
  @ApiProperty() at: string;
  @ApiProperty({ enum: ['started', 'advanced', 'checked', 'paused', 'resumed', 'completed', 'rolled_back', 'cancelled'] }) event: string;
  @ApiProperty() step: number;
  @ApiProperty() share: number;
  @ApiPropertyOptional() routeVersion?: number;
  @ApiProperty() actor: string;
  @ApiProperty() reason: string;
}

export class PromotionDto {
  @ApiProperty() id: string;
  @ApiProperty({ nullable: true, type: String }) experimentId: string | null;
  @ApiProperty() route: string;
  @ApiProperty() variant: string;
  @ApiProperty() model: string;
  @ApiProperty({ enum: ['ramping', 'paused', 'completed', 'rolled_back', 'cancelled'] }) status: string;
  @ApiProperty({ type: [Number] }) steps: number[];
  @ApiProperty({ description: 'Index of the step in force' }) step: number;
  @ApiProperty({ description: 'Share of traffic the promoted model has now' }) share: number;
  @ApiProperty({ nullable: true, type: String }) stepStartedAt: string | null;
  @ApiProperty({ description: 'The route version a rollback restores' }) baseVersion: number;
  @ApiProperty({ description: 'Step rules, guardrail limits and the baseline figures' }) guardrails: Record<string, unknown>;
  @ApiProperty({ type: [PromotionEventDto] }) history: PromotionEventDto[];
  @ApiProperty({ description: 'Why it ended (for a rollback, the breach)' }) reason: string;
  @ApiProperty() actor: string;
  @ApiProperty() createdAt: string;
}
