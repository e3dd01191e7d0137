import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiProduces,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Actor } from '../admin/actor.decorator.js';
import { ApiErrorDto } from '../common/errors/api-error.dto.js';
import { progressEvents } from './progress-events.js';
import type { ExperimentEntity } from './experiment.entity.js';
import { CreateExperimentDto, ExperimentDto, ExportResultsQueryDto, ProgressDto, ResultPageDto, ResultsQueryDto } from './experiments.dto.js';
import { ExperimentsService } from './experiments.service.js';
import { ExperimentResults } from './experiment-results.js';

const toDto = (e: ExperimentEntity): ExperimentDto => ({
  id: e.id,
  name: e.name,
  hypothesis: e.hypothesis,
  kind: e.kind,
  status: e.status,
  spec: e.spec as unknown as Record<string, unknown>,
  total: e.total,
  error: e.error,
  actor: e.actor,
  createdAt: e.createdAt.toISOString(),
  startedAt: e.startedAt?.toISOString() ?? null,
  finishedAt: e.finishedAt?.toISOString() ?? null,
});

@ApiTags('experiments')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ type: ApiErrorDto })
@ApiParam({ name: 'experiment', description: 'Experiment id or name' })
@Controller('api/experiments')
export class ExperimentsController {
  constructor(
    private readonly experiments: ExperimentsService,
    private readonly results: ExperimentResults,
  ) {}

  @Post()
  @ApiOperation({ summary: 'Define an experiment (checked whole against the catalogue, graders and dataset) and start it' })
  @ApiCreatedResponse({ type: ExperimentDto })
  @ApiBadRequestResponse({ type: ApiErrorDto, description: 'Every problem of the definition, named by path' })
  @ApiConflictResponse({ type: ApiErrorDto })
  async create(@Body() dto: CreateExperimentDto, @Actor() actor: string): Promise<ExperimentDto> {
    return toDto(await this.experiments.create(dto, actor));
  }

  @Get()
  @ApiOkResponse({ type: [ExperimentDto] })
  async list(): Promise<ExperimentDto[]> {
    return (await this.experiments.list()).map(toDto);
  }

  @Get(':experiment')
  @ApiOkResponse({ type: ExperimentDto })
  @ApiNotFoundResponse({ type: ApiErrorDto })
  async get(@Param('experiment') ref: string): Promise<ExperimentDto> {
    return toDto(await this.experiments.get(ref));
  }

  @Delete(':experiment')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete an experiment with its results and scores (a running one stops)' })
  @ApiNoContentResponse()
  @ApiNotFoundResponse({ type: ApiErrorDto })
  async remove(@Param('experiment') ref: string): Promise<void> {
    await this.experiments.remove(ref);
  }

  @Post(':experiment/start')
  @HttpCode(200)
  @ApiOperation({ summary: 'Start a draft experiment' })
  @ApiOkResponse({ type: ExperimentDto })
  @ApiConflictResponse({ type: ApiErrorDto, description: 'The experiment is not a draft' })
  async start(@Param('experiment') ref: string): Promise<ExperimentDto> {
    return toDto(await this.experiments.transition(ref, 'start'));
  }

  @Post(':experiment/pause')
  @HttpCode(200)
  @ApiOperation({ summary: 'Pause a running experiment (calls in flight finish and are kept)' })
  @ApiOkResponse({ type: ExperimentDto })
  @ApiConflictResponse({ type: ApiErrorDto })
  async pause(@Param('experiment') ref: string): Promise<ExperimentDto> {
    return toDto(await this.experiments.transition(ref, 'pause'));
  }

  @Post(':experiment/resume')
  @HttpCode(200)
  @ApiOperation({ summary: 'Resume a paused experiment where it stopped' })
  @ApiOkResponse({ type: ExperimentDto })
  @ApiConflictResponse({ type: ApiErrorDto })
  async resume(@Param('experiment') ref: string): Promise<ExperimentDto> {
    return toDto(await this.experiments.transition(ref, 'resume'));
  }

  @Post(':experiment/cancel')
  @HttpCode(200)
  @ApiOperation({ summary: 'Cancel an experiment for good (its results so far are kept and reported)' })
  @ApiOkResponse({ type: ExperimentDto })
  @ApiConflictResponse({ type: ApiErrorDto })
  async cancel(@Param('experiment') ref: string): Promise<ExperimentDto> {
    return toDto(await this.experiments.transition(ref, 'cancel'));
  }

  @Get(':experiment/progress')
  @ApiOperation({ summary: 'Done, failed, cost so far and ETA' })
  @ApiOkResponse({ type: ProgressDto })
  @ApiNotFoundResponse({ type: ApiErrorDto })
  progress(@Param('experiment') ref: string): Promise<ProgressDto> {
    return this.experiments.progress(ref);
  }

  @Get(':experiment/events')
  @ApiOperation({ summary: 'Progress as server-sent events (`event: progress`), one per change, until the run ends' })
  @ApiProduces('text/event-stream')
  @ApiOkResponse({ schema: { type: 'string' } })
  @ApiNotFoundResponse({ type: ApiErrorDto })
  async events(@Param('experiment') ref: string, @Res() reply: FastifyReply): Promise<void> {
    const e = await this.experiments.get(ref);
    await reply
      .header('content-type', 'text/event-stream; charset=utf-8')
      .header('cache-control', 'no-cache')
      .header('x-accel-buffering', 'no')
      .send(progressEvents(() => this.experiments.progress(e.id)));
  }

  @Get(':experiment/export')
  @ApiOperation({ summary: 'Every item’s results and scores as CSV or JSON lines (streamed)' })
  @ApiProduces('text/csv', 'application/x-ndjson')
  @ApiOkResponse({ schema: { type: 'string', format: 'binary' } })
  @ApiNotFoundResponse({ type: ApiErrorDto })
  async export(@Param('experiment') ref: string, @Query() q: ExportResultsQueryDto, @Res() reply: FastifyReply): Promise<void> {
    const e = await this.experiments.get(ref);
    const format = q.format ?? 'csv';
    await reply
      .header('content-type', format === 'csv' ? 'text/csv; charset=utf-8' : 'application/x-ndjson; charset=utf-8')
      .header('content-disposition', `attachment; filename="${e.name}-results.${format}"`)
      .send(this.results.export(e, format));
  }

  @Get(':experiment/results')
  @ApiOperation({ summary: 'Per-item results side by side: every variant’s output, error and each grader’s score and reason' })
  @ApiOkResponse({ type: ResultPageDto })
  @ApiNotFoundResponse({ type: ApiErrorDto })
  async items(@Param('experiment') ref: string, @Query() q: ResultsQueryDto): Promise<ResultPageDto> {
    return this.results.page(await this.experiments.get(ref), q);
  }
}
