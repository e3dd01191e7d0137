import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsObject, IsOptional, IsString, MaxLength, ValidateNested } from 'class-validator';
import { TryItemDto } from '../graders/graders.dto.js';
import { CUSTOM_PROMPT_SYSTEM } from '../graders/types/judge.js';

export class TemplateSampleDto {
  @ApiProperty({ example: 'The capital is Paris.' }) @IsString() @MaxLength(1_000_000) output: string;
  @ApiProperty({ type: TryItemDto }) @IsObject() @ValidateNested() @Type(() => TryItemDto) item: TryItemDto;
  @ApiPropertyOptional({ description: "The grader's rubric, if it sets one" }) @IsOptional() @IsString() @MaxLength(100_000) rubric?: string;
}

export class ValidateTemplateDto {
  @ApiProperty({ example: 'Is {{output}} a correct answer to {{input}}? Answer CHOICE: Y or CHOICE: N.' })
  @IsString()
  @MaxLength(100_000)
  template: string;

  @ApiPropertyOptional({ type: TemplateSampleDto, description: 'A sample output and item to render the template with (a preview)' })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => TemplateSampleDto)
  sample?: TemplateSampleDto;
}

export class TemplateErrorDto {
  @ApiProperty({ example: 2, description: '1-based' }) line: number;
  @ApiProperty({ example: 7, description: '1-based' }) column: number;
  @ApiProperty({ example: 'unknown variable `topic`' }) message: string;
}

export class TemplateVariableDto {
  @ApiProperty({ example: 'output' }) name: string;
  @ApiProperty() description: string;
}

export class TemplateCheckDto {
  @ApiProperty({ description: 'False when the template would be refused on save, or does not render for the sample' }) ok: boolean;
  @ApiPropertyOptional({ type: TemplateErrorDto, description: 'The first problem, with where it is' }) error?: TemplateErrorDto;
  @ApiProperty({ type: [String], description: 'The variables the template reads, in order of first use', example: ['input', 'output'] })
  variables: string[];
  @ApiProperty({ type: [TemplateVariableDto], description: 'The variables a judge prompt can use' }) available: TemplateVariableDto[];
  @ApiPropertyOptional({
    description: 'The system message the judge model gets before this prompt (which is the user message); present whenever the template parses',
    example: CUSTOM_PROMPT_SYSTEM,
  })
  system?: string;
  @ApiPropertyOptional({ description: 'The template rendered with the sample: the user message the judge model gets' }) preview?: string;
}
