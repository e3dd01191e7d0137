import { Body, Controller, Get, Header, HttpCode, Post } from '@nestjs/common';
import { ApiBadRequestResponse, ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProduces, ApiTags, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { Actor } from '../../admin/actor.decorator.js';
import { ApiErrorDto } from '../../common/errors/api-error.dto.js';
import { ApplyConfigDto, ApplyResultDto } from './config-file.dto.js';
import { ConfigApplyService } from './config-apply.service.js';

@ApiTags('config')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ type: ApiErrorDto })
@Controller('api/config')
export class ConfigFileController {
  constructor(private readonly config: ConfigApplyService) {}

  @Post('apply')
  @HttpCode(200)
  @ApiOperation({ summary: 'Apply a switchyard.yaml: validated whole, then providers and routes written in one transaction' })
  @ApiOkResponse({ type: ApplyResultDto })
  @ApiBadRequestResponse({ type: ApiErrorDto, description: 'Every problem with its path (routes[2].targets[0].weight) and line; nothing changed' })
  async apply(@Body() dto: ApplyConfigDto, @Actor() actor: string): Promise<ApplyResultDto> {
    const changes = await this.config.applyText(dto.yaml, { dryRun: dto.dryRun, actor, source: 'the config' });
    return { dryRun: dto.dryRun ?? false, changes };
  }

  @Get('export')
  @Header('content-type', 'application/yaml; charset=utf-8')
  @ApiOperation({ summary: 'The live providers, models and routes as a switchyard.yaml (credentials as ${ENV_VAR} references)' })
  @ApiProduces('application/yaml')
  @ApiOkResponse({ schema: { type: 'string' } })
  export(): Promise<string> {
    return this.config.exportYaml();
  }
}
