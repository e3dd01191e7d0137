import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsISO8601, IsOptional, IsString, IsUUID, Max, MaxLength, Min } from 'class-validator';

export const GROUPS = ['key', 'route', 'model', 'day', 'none'] as const;
export type UsageGroup = (typeof GROUPS)[number];
export const INTERVALS = ['minute', 'hour', 'day'] as const;
export const CACHE_OUTCOMES = ['hit', 'miss', 'refresh', 'bypass'] as const;
export type CacheOutcome = (typeof CACHE_OUTCOMES)[number];

export class UsageQueryDto {
  @ApiPropertyOptional({ description: 'Start (ISO 8601); default 24 hours ago' }) @IsOptional() @IsISO8601() from?: string;
  @ApiPropertyOptional({ description: 'End (ISO 8601, exclusive); default now' }) @IsOptional() @IsISO8601() to?: string;
  @ApiPropertyOptional({ enum: GROUPS, description: '`model` is the target model that served the request' })
  @IsOptional()
  @IsIn(GROUPS)
  groupBy?: UsageGroup;
  @ApiPropertyOptional() @IsOptional() @IsUUID() keyId?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(200) route?: string;
}

export class TimeseriesQueryDto extends UsageQueryDto {
  @ApiPropertyOptional({ enum: INTERVALS, description: 'Bucket width; default hour' }) @IsOptional() @IsIn(INTERVALS) interval?: (typeof INTERVALS)[number];
}

export class UsageRowDto {
  @ApiProperty({ description: 'The group value (key name, route, model or day); empty for requests without one' }) group: string;
  @ApiPropertyOptional({ description: 'The key id when grouped by key' }) keyId?: string;
  @ApiProperty() requests: number;
  @ApiProperty() errors: number;
  @ApiProperty({ description: 'errors / requests' }) errorRate: number;
  @ApiProperty() inputTokens: number;
  @ApiProperty() outputTokens: number;
  @ApiProperty({ description: 'USD, from the prices at the time of each request; requests with unknown prices count 0' }) costUsd: number;
  @ApiProperty({ description: 'Requests answered from the response cache (logged with cost 0)' }) cacheHits: number;
  @ApiProperty({ description: 'Requests looked up in the response cache and not found (refreshes and bypasses are not counted)' }) cacheMisses: number;
  @ApiProperty({ nullable: true, type: Number, description: 'cacheHits / (cacheHits + cacheMisses); null when the cache took no lookup' })
  cacheHitRate: number | null;
  @ApiProperty({ description: 'USD the cache hits saved: what each stored answer cost when it was made' }) savedUsd: number;
  @ApiProperty({ nullable: true, type: Number }) latencyP50Ms: number | null;
  @ApiProperty({ nullable: true, type: Number }) latencyP95Ms: number | null;
  @ApiProperty({ nullable: true, type: Number }) latencyP99Ms: number | null;
  @ApiProperty({ nullable: true, type: Number, description: 'Median time to first token of streamed requests' }) ttftP50Ms: number | null;
}

export class UsageSummaryDto {
  @ApiProperty() from: string;
  @ApiProperty() to: string;
  @ApiProperty({ enum: GROUPS }) groupBy: UsageGroup;
  @ApiProperty({ type: [UsageRowDto] }) rows: UsageRowDto[];
}

export class TimeseriesPointDto extends UsageRowDto {
  @ApiProperty({ description: 'Bucket start (ISO 8601)' }) bucket: string;
}

export class TimeseriesDto {
  @ApiProperty() from: string;
  @ApiProperty() to: string;
  @ApiProperty({ enum: INTERVALS }) interval: string;
  @ApiProperty({ enum: GROUPS }) groupBy: UsageGroup;
  @ApiProperty({ type: [TimeseriesPointDto] }) points: TimeseriesPointDto[];
}

export class RequestsQueryDto {
  @ApiPropertyOptional({ description: 'Only requests before this time (ISO 8601), for paging' }) @IsOptional() @IsISO8601() before?: string;
  @ApiPropertyOptional({ description: 'Only requests at or after this time (ISO 8601)' }) @IsOptional() @IsISO8601() from?: string;
  @ApiPropertyOptional({ default: 50 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(500) limit?: number;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(200) route?: string;
  @ApiPropertyOptional() @IsOptional() @IsUUID() keyId?: string;
  @ApiPropertyOptional({ enum: ['ok', 'error'] }) @IsOptional() @IsIn(['ok', 'error']) status?: 'ok' | 'error';
  @ApiPropertyOptional({ description: 'Only requests that asked for this model or were served by it (`provider/model` or a route alias)' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  model?: string;
  @ApiPropertyOptional({ description: 'Only requests assigned to this live or shadow experiment' }) @IsOptional() @IsUUID() experimentId?: string;
  @ApiPropertyOptional({ enum: CACHE_OUTCOMES, description: 'Only requests where the response cache did this (`hit`: answered from the cache)' })
  @IsOptional()
  @IsIn(CACHE_OUTCOMES)
  cache?: CacheOutcome;
}

export class AttemptDto {
  @ApiProperty() target: string;
  @ApiPropertyOptional({ description: 'Error kind; absent for the attempt that answered' }) error?: string;
  @ApiProperty() latencyMs: number;
  @ApiPropertyOptional({ description: 'Why the target was passed over without a call' }) skipped?: string;
}

export class RequestLogDto {
  @ApiProperty() requestId: string;
  @ApiProperty() at: string;
  @ApiProperty({ nullable: true, type: String }) keyId: string | null;
  @ApiProperty({ description: 'What the client sent as `model`' }) model: string;
  @ApiProperty({ nullable: true, type: String }) route: string | null;
  @ApiProperty({ nullable: true, type: Number }) routeVersion: number | null;
  @ApiProperty({ nullable: true, type: String, description: 'The live or shadow experiment that assigned this request' }) experimentId: string | null;
  @ApiProperty({ nullable: true, type: String, description: "The experiment's variant that served it" }) variant: string | null;
  @ApiProperty({ nullable: true, type: String }) target: string | null;
  @ApiProperty({ type: [AttemptDto] }) attempts: AttemptDto[];
  @ApiProperty() stream: boolean;
  @ApiProperty() status: number;
  @ApiProperty({ nullable: true, type: String }) errorCode: string | null;
  @ApiProperty({ nullable: true, type: String }) errorMessage: string | null;
  @ApiProperty() latencyMs: number;
  @ApiProperty({ nullable: true, type: Number }) ttftMs: number | null;
  @ApiProperty() inputTokens: number;
  @ApiProperty() outputTokens: number;
  @ApiProperty() cachedTokens: number;
  @ApiProperty({ nullable: true, type: Number }) costUsd: number | null;
  @ApiProperty({
    nullable: true,
    enum: CACHE_OUTCOMES,
    description: 'What the response cache did (as the x-switchyard-cache header said); null when it took no part',
  })
  cache: CacheOutcome | null;
  @ApiProperty({ nullable: true, type: Number, description: 'On a cache hit: what the stored answer cost when it was made' }) savedUsd: number | null;
}

export class RequestLogDetailDto extends RequestLogDto {
  @ApiPropertyOptional({ description: 'Stored only when the route captures bodies (redacted)' }) requestBody?: unknown;
  @ApiPropertyOptional() responseBody?: unknown;
}
