import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsInt, IsNumber, IsOptional, IsString, Length, Matches, Min, ValidateNested } from 'class-validator';
import { KEY_SCOPES, type KeyScope } from './api-key.entity.js';

export class KeyLimitsDto {
  @ApiPropertyOptional({ nullable: true, type: Number, example: 60 }) @IsOptional() @IsInt() @Min(1) requestsPerMinute?: number | null;
  @ApiPropertyOptional({ nullable: true, type: Number, example: 100000 }) @IsOptional() @IsInt() @Min(1) tokensPerMinute?: number | null;
  @ApiPropertyOptional({ nullable: true, type: Number, example: 5, description: 'USD per UTC day' }) @IsOptional() @IsNumber() @Min(0) dailyBudgetUsd?:
    number | null;
  @ApiPropertyOptional({ nullable: true, type: Number, example: 100, description: 'USD per UTC month' }) @IsOptional() @IsNumber() @Min(0) monthlyBudgetUsd?:
    number | null;
}

class KeySettingsDto {
  @ApiPropertyOptional({ enum: KEY_SCOPES, isArray: true, default: ['gateway'], description: '`gateway` calls /v1; `admin` calls /api as an admin' })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @IsIn(KEY_SCOPES, { each: true })
  scopes?: KeyScope[];

  @ApiPropertyOptional({
    nullable: true,
    type: [String],
    example: ['support-chat', 'openai/*'],
    description: 'Route aliases and models this key may use; null or absent = all',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(200)
  @IsString({ each: true })
  @Matches(/^[^\s*]+\*?$/, { each: true, message: 'each entry must be a route alias or a model, optionally ending in *' })
  allowedModels?: string[] | null;

  @ApiPropertyOptional({ type: KeyLimitsDto }) @IsOptional() @ValidateNested() @Type(() => KeyLimitsDto) limits?: KeyLimitsDto;
}

export class CreateKeyDto extends KeySettingsDto {
  @ApiProperty({ example: 'support-bot production' }) @IsString() @Length(1, 200) name: string;
}

export class UpdateKeyDto extends KeySettingsDto {
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(1, 200) name?: string;
}

export class KeyDto {
  @ApiProperty() id: string;
  @ApiProperty() name: string;
  @ApiProperty({ example: 'sy-AbCdEfG', description: 'The first characters of the key, to tell keys apart' }) prefix: string;
  @ApiProperty({ enum: KEY_SCOPES, isArray: true }) scopes: KeyScope[];
  @ApiProperty({ nullable: true, type: [String] }) allowedModels: string[] | null;
  @ApiProperty({ type: KeyLimitsDto }) limits: KeyLimitsDto;
  @ApiProperty({ description: 'Spend in the current UTC day, from the request log' }) spentTodayUsd: number;
  @ApiProperty({ description: 'Spend in the current UTC month, from the request log' }) spentMonthUsd: number;
  @ApiProperty() createdAt: string;
  @ApiProperty({ nullable: true, type: String }) revokedAt: string | null;
}

export class CreatedKeyDto extends KeyDto {
  @ApiProperty({ description: 'The secret: shown this once, store it now' }) secret: string;
}
