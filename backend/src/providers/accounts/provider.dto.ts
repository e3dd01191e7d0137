import { ApiProperty, ApiPropertyOptional, OmitType, PartialType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsArray, IsIn, IsInt, IsNumber, IsObject, IsOptional, IsString, Matches, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import { PROVIDER_KINDS, type ProviderKind } from '../provider-adapter.js';

export class TimeoutsDto {
  @ApiPropertyOptional({ example: 5000 }) @IsOptional() @IsInt() @Min(100) @Max(120_000) connectMs?: number;
  @ApiPropertyOptional({ example: 60000 }) @IsOptional() @IsInt() @Min(100) @Max(600_000) firstByteMs?: number;
  @ApiPropertyOptional({ example: 300000 }) @IsOptional() @IsInt() @Min(100) @Max(3_600_000) totalMs?: number;
}

export class ModelInputDto {
  @ApiProperty({ example: 'gpt-4o-mini', description: "The upstream's model id" })
  @IsString()
  @Matches(/^[\w.:@\-/]{1,200}$/, { message: 'must be 1-200 letters, digits or . : @ - / _' })
  model: string;

  @ApiPropertyOptional({ example: 0.15, description: 'USD per million input tokens' }) @IsOptional() @IsNumber() @Min(0) inputPricePerM?: number;
  @ApiPropertyOptional({ example: 0.6, description: 'USD per million output tokens' }) @IsOptional() @IsNumber() @Min(0) outputPricePerM?: number;
  @ApiPropertyOptional({ example: 128000 }) @IsOptional() @IsInt() @Min(1) contextWindow?: number;
  @ApiPropertyOptional({ example: ['chat', 'tools'] }) @IsOptional() @IsArray() @IsString({ each: true }) capabilities?: string[];
}

export class CreateProviderDto {
  @ApiProperty({ example: 'openai', description: 'Clients address models as `<name>/<model>`' })
  @IsString()
  @Matches(/^[a-z0-9][a-z0-9_-]{0,62}$/, { message: 'must be 1-63 lowercase letters, digits, - or _' })
  name: string;

  @ApiProperty({ enum: PROVIDER_KINDS }) @IsIn(PROVIDER_KINDS as unknown as string[]) kind: ProviderKind;

  @ApiPropertyOptional({ example: 'https://api.openai.com/v1', description: "Defaults to the kind's public API" })
  @IsOptional()
  @IsString()
  @Matches(/^(https?|simulator):\/\/\S+$/, { message: 'must be an http(s) URL' })
  @MaxLength(2000)
  baseUrl?: string;

  @ApiPropertyOptional({ description: 'Stored encrypted; never returned', writeOnly: true }) @IsOptional() @IsString() @MaxLength(4000) apiKey?: string;
  @ApiPropertyOptional({ example: { 'HTTP-Referer': 'https://example.com' } }) @IsOptional() @IsObject() headers?: Record<string, string>;
  @ApiPropertyOptional({ example: { azure: { apiVersion: '2024-10-21' } } }) @IsOptional() @IsObject() options?: Record<string, unknown>;
  @ApiPropertyOptional({ type: TimeoutsDto }) @IsOptional() @ValidateNested() @Type(() => TimeoutsDto) timeouts?: TimeoutsDto;

  @ApiPropertyOptional({ type: [ModelInputDto], description: "Defaults to the kind's known models with public prices" })
  @IsOptional()
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => ModelInputDto)
  models?: ModelInputDto[];
}

/** A change to an account: what is given replaces the stored value (timeouts merge field by field); name and kind stay. */
export class UpdateProviderDto extends PartialType(OmitType(CreateProviderDto, ['name', 'kind'] as const)) {}

export class ModelDto {
  @ApiProperty({ example: 'openai/gpt-4o-mini', description: 'What clients send as `model`' }) id: string;
  @ApiProperty() provider: string;
  @ApiProperty() model: string;
  @ApiProperty({ nullable: true, type: Number }) inputPricePerM: number | null;
  @ApiProperty({ nullable: true, type: Number }) outputPricePerM: number | null;
  @ApiProperty({ nullable: true, type: Number }) contextWindow: number | null;
  @ApiProperty({ type: [String] }) capabilities: string[];
  @ApiProperty({ description: 'True for the built-in simulator: synthetic output, not a real model' }) simulated: boolean;
}

export class ProviderDto {
  @ApiProperty() id: string;
  @ApiProperty() name: string;
  @ApiProperty({ enum: PROVIDER_KINDS }) kind: ProviderKind;
  @ApiProperty() baseUrl: string;
  @ApiProperty({ description: 'Whether a credential is stored (it is never returned)' }) hasApiKey: boolean;
  @ApiProperty({ description: 'Header names only; values may be secret', type: [String] }) headerNames: string[];
  @ApiProperty() options: Record<string, unknown>;
  @ApiProperty({ type: TimeoutsDto }) timeouts: TimeoutsDto;
  @ApiProperty({ type: [ModelDto] }) models: ModelDto[];
  @ApiProperty() createdAt: string;
}

export class ConnectionTestDto {
  @ApiProperty() ok: boolean;
  @ApiProperty() model: string;
  @ApiProperty() latencyMs: number;
  @ApiPropertyOptional({ description: 'Error kind from the shared taxonomy when not ok' }) errorKind?: string;
  @ApiPropertyOptional() message?: string;
}
