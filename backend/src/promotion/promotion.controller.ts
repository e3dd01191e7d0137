import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { Actor } from '../admin/actor.decorator.js';
import { ApiErrorDto } from '../common/errors/api-error.dto.js';
import { CreatePromotionDto, PromotionActionDto, PromotionDto } from './promotion.dto.js';
import type { PromotionEntity } from './promotion.entity.js';
import { PromotionService } from './promotion.service.js';

const toDto = (p: PromotionEntity): PromotionDto => ({
  id: p.id,
  experimentId: p.experimentId,
  route: p.route,
  variant: p.variant,
  model: p.model,
  status: p.status,
  steps: p.steps,
  step: p.step,
  share: p.status === 'rolled_back' ? 0 : p.steps[p.step],
  stepStartedAt: p.stepStartedAt?.toISOString() ?? null,
  baseVersion: p.baseVersion,
  guardrails: p.guardrails as unknown as Record<string, unknown>,
  history: p.history,
  reason: p.reason,
  actor: p.actor,
  createdAt: p.createdAt.toISOString(),
});

@ApiTags('promotions')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ type: ApiErrorDto })
@Controller('api/promotions')
export class PromotionController {
  constructor(private readonly promotions: PromotionService) {}

  @Post()
  @ApiOperation({
    summary: "Promote an experiment's candidate (or a catalogue model) into a route: at once, or by a ramp with guardrail checks and automatic rollback",
  })
  @ApiCreatedResponse({ type: PromotionDto })
  @ApiBadRequestResponse({ type: ApiErrorDto })
  @ApiConflictResponse({ type: ApiErrorDto, description: 'The route already has a promotion in progress' })
  async create(@Body() dto: CreatePromotionDto, @Actor() actor: string): Promise<PromotionDto> {
    return toDto(await this.promotions.create(dto, actor));
  }

  @Get()
  @ApiOkResponse({ type: [PromotionDto] })
  async list(): Promise<PromotionDto[]> {
    return (await this.promotions.list()).map(toDto);
  }

  @Get(':id')
  @ApiOkResponse({ type: PromotionDto })
  @ApiNotFoundResponse({ type: ApiErrorDto })
  async get(@Param('id') id: string): Promise<PromotionDto> {
    return toDto(await this.promotions.get(id));
  }

  @Post(':id/advance')
  @HttpCode(200)
  @ApiOperation({ summary: 'Move to the next step now' })
  @ApiOkResponse({ type: PromotionDto })
  @ApiConflictResponse({ type: ApiErrorDto })
  async advance(@Param('id') id: string, @Body() dto: PromotionActionDto, @Actor() actor: string): Promise<PromotionDto> {
    return toDto(await this.promotions.advance(id, actor, dto.reason));
  }

  @Post(':id/pause')
  @HttpCode(200)
  @ApiOperation({ summary: 'Hold the current step (no checks, no advance)' })
  @ApiOkResponse({ type: PromotionDto })
  @ApiConflictResponse({ type: ApiErrorDto })
  async pause(@Param('id') id: string, @Body() dto: PromotionActionDto, @Actor() actor: string): Promise<PromotionDto> {
    return toDto(await this.promotions.pause(id, actor, dto.reason));
  }

  @Post(':id/resume')
  @HttpCode(200)
  @ApiOperation({ summary: 'Resume a paused ramp at its step' })
  @ApiOkResponse({ type: PromotionDto })
  @ApiConflictResponse({ type: ApiErrorDto })
  async resume(@Param('id') id: string, @Body() dto: PromotionActionDto, @Actor() actor: string): Promise<PromotionDto> {
    return toDto(await this.promotions.resume(id, actor, dto.reason));
  }

  @Post(':id/rollback')
  @HttpCode(200)
  @ApiOperation({ summary: 'Restore the route version from before the promotion and end it' })
  @ApiOkResponse({ type: PromotionDto })
  @ApiConflictResponse({ type: ApiErrorDto })
  async rollback(@Param('id') id: string, @Body() dto: PromotionActionDto, @Actor() actor: string): Promise<PromotionDto> {
    return toDto(await this.promotions.rollback(id, actor, dto.reason));
  }
}
