import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
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
import type { ProviderErrorKind } from '../providers/provider-error.js';
import { type RoutingStrategy, STRATEGIES, type StickySource } from './core/route-spec.js';

export const ERROR_KINDS: ProviderErrorKind[] = [
  'bad_request',
  'auth',
  'not_found',
  'rate_limited',
  'timeout',
  'overloaded',
  'server_error',
  'context_length',
  'content_filter',
  'network',
];

/** Route aliases are what clients send as `model`: no `/`, which marks a direct catalogue model. */
export const ALIAS_PATTERN = /^[a-zA-Z0-9][\w.:-]{0,99}$/;

export class OverridesDto {
  @ApiPropertyOptional({ example: 0.2 }) @IsOptional() @IsNumber() @Min(0) @Max(2) temperature?: number;
  @ApiPropertyOptional() @IsOptional() @IsNumber() @Min(0) @Max(1) top_p?: number;
  @ApiPropertyOptional({ example: 512 }) @IsOptional() @IsInt() @Min(1) max_tokens?: number;
  @ApiPropertyOptional() @IsOptional() @IsInt() seed?: number;
  @ApiPropertyOptional({ description: "A system message put before the client's messages" }) @IsOptional() @IsString() @MaxLength(100_000) system?: string;
}

export class RouteTargetDto {
  @ApiProperty({ example: 'openai/gpt-4o-mini', description: 'A catalogue model, `<provider>/<model>`' })
  @IsString()
  @Matches(/^[^/\s]+\/\S+$/, { message: 'must name a catalogue model as <provider>/<model>' })
  model: string;

  @ApiProperty({ example: 90, description: 'Share of traffic in percent; weights add up to 100; 0 = fallback only' })
  @IsNumber()
  @Min(0)
  @Max(100)
  weight: number;

  @ApiPropertyOptional({ type: OverridesDto }) @IsOptional() @ValidateNested() @Type(() => OverridesDto) overrides?: OverridesDto;
}

export class BackoffDto {
  @ApiPropertyOptional({ example: 100 }) @IsOptional() @IsInt() @Min(0) @Max(60_000) initialMs?: number;
  @ApiPropertyOptional({ example: 2000 }) @IsOptional() @IsInt() @Min(0) @Max(300_000) maxMs?: number;
  @ApiPropertyOptional({ example: 2 }) @IsOptional() @IsNumber() @Min(1) @Max(10) multiplier?: number;
  @ApiPropertyOptional({ example: true }) @IsOptional() @IsBoolean() jitter?: boolean;
}

export class FallbackDto {
  @ApiPropertyOptional({ enum: ERROR_KINDS, isArray: true, description: 'Error kinds that fall through to the next attempt' })
  @IsOptional()
  @IsArray()
  @IsIn(ERROR_KINDS, { each: true })
  on?: ProviderErrorKind[];

  @ApiPropertyOptional({ example: 3, description: 'Attempts in all, across targets' }) @IsOptional() @IsInt() @Min(1) @Max(10) maxAttempts?: number;
  @ApiPropertyOptional({ type: BackoffDto }) @IsOptional() @ValidateNested() @Type(() => BackoffDto) backoff?: BackoffDto;
  @ApiPropertyOptional({ example: 30000 }) @IsOptional() @IsInt() @Min(100) @Max(3_600_000) attemptTimeoutMs?: number;
  @ApiPropertyOptional({ example: 60000 }) @IsOptional() @IsInt() @Min(100) @Max(3_600_000) totalTimeoutMs?: number;
}

export class BreakerDto {
  @ApiPropertyOptional({ example: 5 }) @IsOptional() @IsInt() @Min(1) @Max(1000) failureThreshold?: number;
  @ApiPropertyOptional({ example: 0.5 }) @IsOptional() @IsNumber() @Min(0.01) @Max(1) errorRate?: number;
  @ApiPropertyOptional({ example: 30000 }) @IsOptional() @IsInt() @Min(1000) @Max(3_600_000) windowMs?: number;
  @ApiPropertyOptional({ example: 20 }) @IsOptional() @IsInt() @Min(1) @Max(100_000) minRequests?: number;
  @ApiPropertyOptional({ example: 30000 }) @IsOptional() @IsInt() @Min(100) @Max(3_600_000) cooldownMs?: number;
}

export class CaptureDto {
  @ApiPropertyOptional({ example: false, description: 'Store request and response bodies in the request log' }) @IsOptional() @IsBoolean() bodies?: boolean;

  @ApiPropertyOptional({ example: ['\\b\\d{16}\\b'], description: 'Regular expressions replaced by [REDACTED] in stored bodies' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @IsString({ each: true })
  redact?: string[];
}

export class DowngradeDto {
  @ApiProperty({ example: 'openai/gpt-4o-mini', description: 'The cheaper catalogue model used once a daily budget passes the threshold' })
  @IsString()
  @Matches(/^[^/\s]+\/\S+$/, { message: 'must name a catalogue model as <provider>/<model>' })
  model: string;

  @ApiPropertyOptional({ example: 0.8, description: "Share of the key's (or the route's) daily budget from which the downgrade applies; default 0.8" })
  @IsOptional()
  @IsNumber()
  @Min(0)
  @Max(1)
  threshold?: number;

  @ApiPropertyOptional({
    example: 25,
    description: "The route's own daily budget in USD over all keys; without it only keys' daily budgets trigger the downgrade",
  })
  @IsOptional()
  @IsNumber()
  @Min(0)
  routeDailyBudgetUsd?: number;
}

export class CacheDto {
  @ApiPropertyOptional({ example: true, description: 'Cache answers by default (requests may send x-switchyard-cache: off or refresh)' })
  @IsOptional()
  @IsBoolean()
  enabled?: boolean;

  @ApiPropertyOptional({ example: 3600, description: 'How long a stored answer is served, in seconds (1 s to 30 days); default 3600' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(2_592_000)
  ttlSeconds?: number;

  @ApiPropertyOptional({ example: false, description: 'One cache for every API key (default: each key sees only answers to its own requests)' })
  @IsOptional()
  @IsBoolean()
  shared?: boolean;

  @ApiPropertyOptional({ example: false, description: 'When not enabled: requests may turn caching on with x-switchyard-cache: on' })
  @IsOptional()
  @IsBoolean()
  optIn?: boolean;
}

/** A route version's content as written by users; absent settings take the defaults. */
export class RouteSpecDto {
  @ApiProperty({ type: [RouteTargetDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => RouteTargetDto)
  targets: RouteTargetDto[];

  @ApiPropertyOptional({ type: FallbackDto }) @IsOptional() @ValidateNested() @Type(() => FallbackDto) fallback?: FallbackDto;
  @ApiPropertyOptional({ type: BreakerDto }) @IsOptional() @ValidateNested() @Type(() => BreakerDto) breaker?: BreakerDto;

  @ApiPropertyOptional({
    enum: ['user', 'header', 'none'],
    description: "Sticky key: the body's `user` (or the x-switchyard-sticky-key header), the header only, or none",
  })
  @IsOptional()
  @IsIn(['user', 'header', 'none'])
  sticky?: StickySource;

  @ApiPropertyOptional({ type: CaptureDto }) @IsOptional() @ValidateNested() @Type(() => CaptureDto) capture?: CaptureDto;

  @ApiPropertyOptional({
    enum: STRATEGIES,
    default: 'weighted',
    description:
      'How targets are ordered for each request (fallbacks walk that order): weighted (weights, sticky key), cheapest (lowest expected cost from catalogue prices and observed token counts), fastest (lowest observed latency, with exploration), ordered (first healthy in the listed order). Weights are read by weighted only.',
  })
  @IsOptional()
  @IsIn(STRATEGIES)
  strategy?: RoutingStrategy;

  @ApiPropertyOptional({
    example: 0.05,
    description: 'fastest only: share of requests sent first to another healthy target so a recovered one is noticed (default 0.05)',
  })
  @IsOptional()
  @IsNumber()
  @Min(0)
  @Max(0.5)
  exploration?: number;

  @ApiPropertyOptional({ type: DowngradeDto }) @IsOptional() @ValidateNested() @Type(() => DowngradeDto) downgrade?: DowngradeDto;
  @ApiPropertyOptional({ type: CacheDto, description: 'Response cache (exact match); absent: no caching' })
  @IsOptional()
  @ValidateNested()
  @Type(() => CacheDto)
  cache?: CacheDto;
}

export class CreateRouteDto extends RouteSpecDto {
  @ApiProperty({ example: 'support-chat', description: 'What clients send as `model`' })
  @IsString()
  @Matches(ALIAS_PATTERN, { message: 'must be 1-100 letters, digits, _ . : or -, starting with a letter or digit (no /)' })
  alias: string;

  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(2000) description?: string;
  @ApiPropertyOptional({ description: 'Why this change: kept in the version history' }) @IsOptional() @IsString() @MaxLength(2000) reason?: string;
}

export class UpdateRouteDto extends RouteSpecDto {
  @ApiPropertyOptional({ description: 'Why this change: kept in the version history' }) @IsOptional() @IsString() @MaxLength(2000) reason?: string;

  @ApiPropertyOptional({ description: 'The version this edit was based on; a 409 answers when the route moved on since' })
  @IsOptional()
  @IsInt()
  baseVersion?: number;
}

export class RollbackDto {
  @ApiProperty({ example: 3, description: 'The version whose content becomes current again (as a new version)' }) @IsInt() @Min(1) toVersion: number;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(2000) reason?: string;
}

export class RouteVersionDto {
  @ApiProperty() version: number;
  @ApiProperty({ description: 'The full content of the version, defaults filled in' }) spec: RouteSpecDto;
  @ApiProperty({ description: 'Who made it: the admin credential used' }) actor: string;
  @ApiProperty() reason: string;
  @ApiProperty({ nullable: true, type: Number, description: 'For a rollback, the version it restored' }) rollbackOf: number | null;
  @ApiProperty({ example: 'api', description: 'What made it: api, config or promotion' }) source: string;
  @ApiProperty({ nullable: true, type: String, description: 'The promotion that wrote it, if any' }) promotionId: string | null;
  @ApiProperty() createdAt: string;
}

export class RouteDto {
  @ApiProperty() id: string;
  @ApiProperty() alias: string;
  @ApiProperty() description: string;
  @ApiProperty() currentVersion: number;
  @ApiProperty({ type: RouteVersionDto }) current: RouteVersionDto;
  @ApiProperty() createdAt: string;
  @ApiProperty() updatedAt: string;
}

export class ChangeDto {
  @ApiProperty({ example: 'targets[openai/gpt-4o].weight' }) path: string;
  @ApiProperty({ enum: ['added', 'removed', 'changed'] }) op: string;
  @ApiPropertyOptional() from?: unknown;
  @ApiPropertyOptional() to?: unknown;
}

export class RouteDiffDto {
  @ApiProperty() from: number;
  @ApiProperty() to: number;
  @ApiProperty({ type: [ChangeDto] }) changes: ChangeDto[];
}
