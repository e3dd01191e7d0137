import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { AppError } from '../common/errors/app-error.js';
import { ApiErrorDto } from '../common/errors/api-error.dto.js';
import type { GraderEntity } from './grader.entity.js';
import { CreateGraderDto, GradeResultDto, GraderDto, GraderTypeDto, TryGraderDto, UpdateGraderDto } from './graders.dto.js';
import { GradersService } from './graders.service.js';
import { allGraderTypes } from './registry.js';

const toDto = (g: GraderEntity): GraderDto => ({
  id: g.id,
  name: g.name,
  type: g.type,
  config: g.config,
  description: g.description,
  createdAt: g.createdAt.toISOString(),
  updatedAt: g.updatedAt.toISOString(),
});

@ApiTags('graders')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ type: ApiErrorDto })
@Controller('api/graders')
export class GradersController {
  constructor(private readonly graders: GradersService) {}

  @Get('types')
  @ApiOperation({ summary: 'Every grader type with its config schema' })
  @ApiOkResponse({ type: [GraderTypeDto] })
  types(): GraderTypeDto[] {
    return allGraderTypes().map((g) => ({ type: g.type, description: g.description, schema: g.schema }));
  }

  @Post('try')
  @HttpCode(200)
  @ApiOperation({ summary: 'Run a grader (a config, or a saved one by name) on an output and an item' })
  @ApiOkResponse({ type: GradeResultDto })
  @ApiBadRequestResponse({ type: ApiErrorDto, description: 'An invalid grader config, named by path' })
  async try(@Body() dto: TryGraderDto): Promise<GradeResultDto> {
    const spec = dto.grader ?? (dto.name ? await this.graders.get(dto.name) : undefined);
    if (!spec)
      throw new AppError('graders/missing', 'Send `grader` ({type, config}) or the `name` of a saved grader', 400, [
        { path: 'grader', message: 'is required' },
      ]);
    this.graders.check(spec, 'grader');
    const r = await this.graders.run(spec, {
      output: dto.output,
      item: dto.item,
      toolCalls: dto.toolCalls,
      baseline: dto.baseline,
      latencyMs: dto.latencyMs,
      costUsd: dto.costUsd,
    });
    const base = r.judgeCostUsd ? { judgeCostUsd: r.judgeCostUsd } : {};
    return r.ok ? { ok: true, ...r.result, ...base } : { ok: false, error: r.error, ...base };
  }

  @Get()
  @ApiOkResponse({ type: [GraderDto] })
  async list(): Promise<GraderDto[]> {
    return (await this.graders.list()).map(toDto);
  }

  @Post()
  @ApiCreatedResponse({ type: GraderDto })
  @ApiBadRequestResponse({ type: ApiErrorDto })
  @ApiConflictResponse({ type: ApiErrorDto })
  async create(@Body() dto: CreateGraderDto): Promise<GraderDto> {
    return toDto(await this.graders.create(dto.name, { type: dto.type, config: dto.config }, dto.description));
  }

  @Get(':name')
  @ApiOkResponse({ type: GraderDto })
  @ApiNotFoundResponse({ type: ApiErrorDto })
  async get(@Param('name') name: string): Promise<GraderDto> {
    return toDto(await this.graders.get(name));
  }

  @Put(':name')
  @ApiOkResponse({ type: GraderDto })
  @ApiBadRequestResponse({ type: ApiErrorDto })
  @ApiNotFoundResponse({ type: ApiErrorDto })
  async update(@Param('name') name: string, @Body() dto: UpdateGraderDto): Promise<GraderDto> {
    return toDto(await this.graders.update(name, { type: dto.type, config: dto.config }, dto.description));
  }

  @Delete(':name')
  @HttpCode(204)
  @ApiNoContentResponse()
  @ApiNotFoundResponse({ type: ApiErrorDto })
  async remove(@Param('name') name: string): Promise<void> {
    await this.graders.remove(name);
  }
}
