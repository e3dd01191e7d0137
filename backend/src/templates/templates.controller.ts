import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiBadRequestResponse, ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { ApiErrorDto } from '../common/errors/api-error.dto.js';
import { JUDGE_VARIABLES } from '../graders/types/judge.js';
import { checkJudgePrompt } from '../graders/types/judge-prompt.js';
import { TemplateCheckDto, ValidateTemplateDto } from './templates.dto.js';

const AVAILABLE = Object.entries(JUDGE_VARIABLES).map(([name, description]) => ({ name, description }));

@ApiTags('templates')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ type: ApiErrorDto })
@Controller('api/templates')
export class TemplatesController {
  @Post('validate')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Check a judge prompt (Handlebars) as you type',
    description:
      'Syntax, then the variables it reads against those a judge prompt has, then (with a sample) a render; the first problem comes with its line and column. A problem is a 200 with ok=false: only a malformed body is a 400.',
  })
  @ApiOkResponse({ type: TemplateCheckDto })
  @ApiBadRequestResponse({ type: ApiErrorDto, description: 'The body is malformed (named by path)' })
  validate(@Body() dto: ValidateTemplateDto): TemplateCheckDto {
    return { ...checkJudgePrompt(dto.template, dto.sample), available: AVAILABLE };
  }
}
