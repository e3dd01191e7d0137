import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsArray, IsNumber, IsObject, IsOptional, IsString, Matches, MaxLength, Min, ValidateNested } from 'class-validator';

export class GraderTypeDto {
  @ApiProperty({ example: 'exact_match' }) type: string;
  @ApiProperty() description: string;
  @ApiProperty({ description: 'JSON Schema of the config (the console builds its form from it)' }) schema: Record<string, unknown>;
}

export class GraderSpecDto {
  @ApiProperty({ example: 'numeric' }) @IsString() @MaxLength(100) type: string;
  @ApiPropertyOptional({ example: { relTolerance: 0.01 } }) @IsOptional() @IsObject() config?: Record<string, unknown>;
}

export class CreateGraderDto extends GraderSpecDto {
  @ApiProperty({ example: 'answer-is-right' })
  @IsString()
  @Matches(/^[a-z0-9][a-z0-9._-]{0,99}$/, { message: 'must be 1-100 lowercase letters, digits, . _ or -' })
  name: string;

  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(2000) description?: string;
}

export class UpdateGraderDto extends GraderSpecDto {
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(2000) description?: string;
}

export class GraderDto {
  @ApiProperty() id: string;
  @ApiProperty() name: string;
  @ApiProperty() type: string;
  @ApiProperty() config: Record<string, unknown>;
  @ApiProperty() description: string;
  @ApiProperty() createdAt: string;
  @ApiProperty() updatedAt: string;
}

class ToolCallDto {
  @ApiProperty() @IsString() id: string;
  @ApiProperty({ enum: ['function'] }) @IsString() type: 'function';
  @ApiProperty({ example: { name: 'get_weather', arguments: '{"city":"Paris"}' } }) @IsObject() function: { name: string; arguments: string };
}

export class TryItemDto {
  @ApiProperty({ example: { question: 'Capital of France?' } }) @IsObject() input: Record<string, unknown>;
  @ApiPropertyOptional({ example: 'Paris' }) @IsOptional() expected?: unknown;
  @ApiPropertyOptional() @IsOptional() @IsObject() metadata?: Record<string, unknown>;
}

export class TryGraderDto {
  @ApiPropertyOptional({ type: GraderSpecDto, description: 'A grader config to try (or `name` of a saved grader)' })
  @IsOptional()
  @ValidateNested()
  @Type(() => GraderSpecDto)
  grader?: GraderSpecDto;

  @ApiPropertyOptional({ description: 'A saved grader to try' }) @IsOptional() @IsString() name?: string;
  @ApiProperty({ example: 'The capital is Paris.' }) @IsString() @MaxLength(1_000_000) output: string;
  @ApiProperty({ type: TryItemDto }) @ValidateNested() @Type(() => TryItemDto) item: TryItemDto;
  @ApiPropertyOptional({ type: [ToolCallDto] }) @IsOptional() @IsArray() @ValidateNested({ each: true }) @Type(() => ToolCallDto) toolCalls?: ToolCallDto[];
  @ApiPropertyOptional({ description: 'Another output for the same item, for the pairwise grader' })
  @IsOptional()
  @IsString()
  @MaxLength(1_000_000)
  baseline?: string;
  @ApiPropertyOptional() @IsOptional() @IsNumber() @Min(0) latencyMs?: number;
  @ApiPropertyOptional() @IsOptional() @IsNumber() @Min(0) costUsd?: number;
}

export class GradeResultDto {
  @ApiProperty({ description: 'False when the grader could not decide (see error); no score is invented' }) ok: boolean;
  @ApiPropertyOptional({ minimum: 0, maximum: 1 }) score?: number;
  @ApiPropertyOptional() pass?: boolean;
  @ApiPropertyOptional() reason?: string;
  @ApiPropertyOptional() error?: string;
  @ApiPropertyOptional({ description: 'USD spent by a judge model, when one was called' }) judgeCostUsd?: number;
}
