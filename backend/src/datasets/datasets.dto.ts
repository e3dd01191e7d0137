import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsISO8601, IsOptional, IsString, Length, Matches, Max, MaxLength, Min } from 'class-validator';
import { ApiErrorDto } from '../common/errors/api-error.dto.js';

export class CreateDatasetDto {
  @ApiProperty({ example: 'support-replies' })
  @IsString()
  @Matches(/^[a-z0-9][a-z0-9._-]{0,99}$/, { message: 'must be 1-100 lowercase letters, digits, . _ or -' })
  name: string;

  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(2000) description?: string;
}

export class FieldsDto {
  @ApiProperty({ description: 'Input variable (or `messages`) → number of items that have it', example: { question: 120 } }) input: Record<string, number>;
  @ApiProperty({ example: { difficulty: 120 } }) metadata: Record<string, number>;
  @ApiProperty({ description: 'Items with an expected answer' }) withExpected: number;
}

export class DatasetVersionDto {
  @ApiProperty() version: number;
  @ApiProperty({ enum: ['jsonl', 'csv', 'json', 'traffic'] }) format: string;
  @ApiProperty({ description: 'File name, `traffic` or `bundled`' }) source: string;
  @ApiProperty() rows: number;
  @ApiProperty({ description: 'Invalid records left out (skip_invalid=true)' }) skipped: number;
  @ApiProperty({ type: FieldsDto }) fields: FieldsDto;
  @ApiProperty() createdAt: string;
}

export class DatasetDto {
  @ApiProperty() id: string;
  @ApiProperty() name: string;
  @ApiProperty() description: string;
  @ApiProperty({ type: DatasetVersionDto, nullable: true }) latest: DatasetVersionDto | null;
  @ApiProperty() createdAt: string;
}

export class DatasetDetailDto extends DatasetDto {
  @ApiProperty({ type: [DatasetVersionDto], description: 'Newest first' }) versions: DatasetVersionDto[];
}

export class UploadProblemDto {
  @ApiProperty({ example: 'line 7: input.messages[0].role' }) path: string;
  @ApiProperty() message: string;
}

export class UploadResultDto extends DatasetVersionDto {
  @ApiProperty({ type: [UploadProblemDto], description: 'The first 100 invalid records left out' }) problems: UploadProblemDto[];
}

export class UploadErrorDto extends ApiErrorDto {}

export class UploadQueryDto {
  @ApiPropertyOptional({ enum: ['jsonl', 'csv', 'json'], description: 'Default: from the content type or file name' })
  @IsOptional()
  @IsIn(['jsonl', 'csv', 'json'])
  format?: 'jsonl' | 'csv' | 'json';

  @ApiPropertyOptional({ description: 'Import the valid records and report the invalid ones (default: any invalid record imports nothing)' })
  @IsOptional()
  @IsIn(['true', 'false'])
  skip_invalid?: 'true' | 'false';

  @ApiPropertyOptional({ description: 'CSV: comma-separated columns that are input variables', example: 'question,context' })
  @IsOptional()
  @IsString()
  @Length(1, 2000)
  input?: string;

  @ApiPropertyOptional({ description: 'CSV: the column with the expected answer', example: 'answer' })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  expected?: string;
  @ApiPropertyOptional({ description: 'CSV: comma-separated metadata columns', example: 'difficulty' })
  @IsOptional()
  @IsString()
  @Length(1, 2000)
  metadata?: string;
  @ApiPropertyOptional({ description: 'CSV: the column with a stable item id' }) @IsOptional() @IsString() @Length(1, 200) id?: string;
}

export class ItemsQueryDto {
  @ApiPropertyOptional({ default: 0 }) @IsOptional() @Type(() => Number) @IsInt() @Min(0) offset?: number;
  @ApiPropertyOptional({ default: 50 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(500) limit?: number;
  @ApiPropertyOptional({ description: 'Text to find in the input or expected answer' }) @IsOptional() @IsString() @MaxLength(200) search?: string;
}

export class ItemDto {
  @ApiProperty({ description: 'Position in the version, from 1' }) index: number;
  @ApiProperty({ nullable: true, type: String }) id: string | null;
  @ApiProperty() input: Record<string, unknown>;
  @ApiPropertyOptional() expected?: unknown;
  @ApiPropertyOptional() metadata?: Record<string, unknown>;
}

export class ItemsPageDto {
  @ApiProperty({ description: 'Items matching the search' }) total: number;
  @ApiProperty({ type: [ItemDto] }) items: ItemDto[];
}

export class ExportQueryDto {
  @ApiPropertyOptional({ enum: ['jsonl', 'csv'], default: 'jsonl' }) @IsOptional() @IsIn(['jsonl', 'csv']) format?: 'jsonl' | 'csv';
}

export class FromTrafficDto {
  @ApiPropertyOptional({ description: 'Only requests to this route' }) @IsOptional() @IsString() @MaxLength(200) route?: string;
  @ApiPropertyOptional({ description: 'Requests at or after this time (ISO 8601); default 7 days before `to`' }) @IsOptional() @IsISO8601() from?: string;
  @ApiPropertyOptional({ description: 'Requests before this time (ISO 8601, exclusive); default now. Must be after `from`' })
  @IsOptional()
  @IsISO8601()
  to?: string;
  @ApiPropertyOptional({ enum: ['ok', 'error'], default: 'ok' }) @IsOptional() @IsIn(['ok', 'error']) status?: 'ok' | 'error';
  @ApiPropertyOptional({ default: 1000 }) @IsOptional() @IsInt() @Min(1) @Max(100_000) limit?: number;
  @ApiPropertyOptional({ description: 'Keep the logged answer as the expected answer (default true)' })
  @IsOptional()
  @IsIn([true, false])
  expectedFromResponse?: boolean;
}
