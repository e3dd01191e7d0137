import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsArray, IsBoolean, IsIn, IsOptional, IsString, Matches, MaxLength, ValidateNested } from 'class-validator';
import { CreateProviderDto } from '../../providers/accounts/provider.dto.js';
import { ALIAS_PATTERN, RouteSpecDto } from '../../routing/route.dto.js';

export class RouteConfigDto extends RouteSpecDto {
  @ApiProperty({ example: 'support-chat' })
  @IsString()
  @Matches(ALIAS_PATTERN, { message: 'must be 1-100 letters, digits, _ . : or -, starting with a letter or digit (no /)' })
  alias: string;

  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(2000) description?: string;
}

/** The content of `switchyard.yaml`: providers with their models, and routes. Graders come with the graders domain. */
export class ConfigFileDto {
  @ApiPropertyOptional({ enum: [1], description: 'Format version' }) @IsOptional() @IsIn([1]) version?: 1;

  @ApiPropertyOptional({ type: [CreateProviderDto], description: 'Secrets as ${ENV_VAR}: never written in the file' })
  @IsOptional()
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => CreateProviderDto)
  providers?: CreateProviderDto[];

  @ApiPropertyOptional({ type: [RouteConfigDto] })
  @IsOptional()
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => RouteConfigDto)
  routes?: RouteConfigDto[];
}

export class ApplyConfigDto {
  @ApiProperty({ description: 'The switchyard.yaml text (YAML or JSON)' }) @IsString() @MaxLength(5_000_000) yaml: string;
  @ApiPropertyOptional({ description: 'Validate and report what would change, without changing anything' }) @IsOptional() @IsBoolean() dryRun?: boolean;
}

export class ConfigChangeDto {
  @ApiProperty({ enum: ['provider', 'route'] }) kind: string;
  @ApiProperty() name: string;
  @ApiProperty({ enum: ['created', 'updated', 'unchanged'] }) action: string;
  @ApiPropertyOptional({ description: 'For a route, the version now current' }) version?: number;
}

export class ApplyResultDto {
  @ApiProperty() dryRun: boolean;
  @ApiProperty({ type: [ConfigChangeDto] }) changes: ConfigChangeDto[];
}
