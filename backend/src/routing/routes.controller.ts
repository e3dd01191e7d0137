import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiQuery,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { Actor } from '../admin/actor.decorator.js';
import { ApiErrorDto } from '../common/errors/api-error.dto.js';
import { intParam } from '../common/validation/validation.js';
import { normalizeSpec } from './core/normalize.js';
import { RouteHealthDto, RouteHealthQueryDto } from './health/route-health.dto.js';
import { CreateRouteDto, RollbackDto, RouteDiffDto, RouteDto, RouteVersionDto, UpdateRouteDto } from './route.dto.js';
import type { RouteVersionEntity } from './route.entity.js';
import { type RouteWithVersion, RoutesService } from './routes.service.js';

const versionDto = (v: RouteVersionEntity): RouteVersionDto => ({
  version: v.version,
  spec: normalizeSpec(v.spec),
  actor: v.actor,
  reason: v.reason,
  rollbackOf: v.rollbackOf,
  source: v.source,
  promotionId: v.promotionId,
  createdAt: v.createdAt.toISOString(),
});

const routeDto = ({ route, current }: RouteWithVersion): RouteDto => ({
  id: route.id,
  alias: route.alias,
  description: route.description,
  currentVersion: route.currentVersion,
  current: versionDto(current),
  createdAt: route.createdAt.toISOString(),
  updatedAt: route.updatedAt.toISOString(),
});

const specOf = ({ targets, fallback, breaker, sticky, capture, strategy, exploration, downgrade, cache }: CreateRouteDto | UpdateRouteDto) => ({
  targets,
  fallback,
  breaker,
  sticky,
  capture,
  strategy,
  exploration,
  downgrade,
  cache,
});

@ApiTags('routes')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ type: ApiErrorDto })
@Controller('api/routes')
export class RoutesController {
  constructor(private readonly routes: RoutesService) {}

  @Get()
  @ApiOperation({ summary: 'List routes with their current version' })
  @ApiOkResponse({ type: [RouteDto] })
  async list(): Promise<RouteDto[]> {
    return (await this.routes.list()).map(routeDto);
  }

  @Post()
  @ApiOperation({ summary: 'Create a route alias (version 1)' })
  @ApiCreatedResponse({ type: RouteDto })
  @ApiBadRequestResponse({ type: ApiErrorDto })
  @ApiConflictResponse({ type: ApiErrorDto, description: 'The alias exists already' })
  async create(@Body() dto: CreateRouteDto, @Actor() actor: string): Promise<RouteDto> {
    return routeDto(await this.routes.create(dto.alias, specOf(dto), { description: dto.description, reason: dto.reason, actor }));
  }

  @Get(':alias')
  @ApiOkResponse({ type: RouteDto })
  @ApiNotFoundResponse({ type: ApiErrorDto })
  async get(@Param('alias') alias: string): Promise<RouteDto> {
    return routeDto(await this.routes.get(alias));
  }

  @Put(':alias')
  @ApiOperation({ summary: 'Change a route: writes a new version (nothing when the content is unchanged)' })
  @ApiOkResponse({ type: RouteDto })
  @ApiBadRequestResponse({ type: ApiErrorDto })
  @ApiNotFoundResponse({ type: ApiErrorDto })
  @ApiConflictResponse({ type: ApiErrorDto, description: '`baseVersion` is not the current version' })
  async update(@Param('alias') alias: string, @Body() dto: UpdateRouteDto, @Actor() actor: string): Promise<RouteDto> {
    return routeDto(await this.routes.update(alias, specOf(dto), { reason: dto.reason, baseVersion: dto.baseVersion, actor }));
  }

  @Delete(':alias')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete a route and its history' })
  @ApiNoContentResponse()
  @ApiNotFoundResponse({ type: ApiErrorDto })
  async remove(@Param('alias') alias: string): Promise<void> {
    await this.routes.remove(alias);
  }

  @Get(':alias/health')
  @ApiOperation({
    summary: "A route's live routing view in this process",
    description:
      'Per target: decayed average latency (whole responses) and time to first chunk (streams), error rate, breaker state, prices. Then the latest routing decisions with why each request went where it went. Kept in memory per gateway process (not shared, reset at restart).',
  })
  @ApiOkResponse({ type: RouteHealthDto })
  @ApiNotFoundResponse({ type: ApiErrorDto })
  @ApiBadRequestResponse({ type: ApiErrorDto })
  health(@Param('alias') alias: string, @Query() q: RouteHealthQueryDto): RouteHealthDto {
    return this.routes.health(alias, q.limit ?? 20);
  }

  @Get(':alias/versions')
  @ApiOperation({ summary: 'Version history, newest first' })
  @ApiOkResponse({ type: [RouteVersionDto] })
  @ApiNotFoundResponse({ type: ApiErrorDto })
  async history(@Param('alias') alias: string): Promise<RouteVersionDto[]> {
    return (await this.routes.history(alias)).map(versionDto);
  }

  @Get(':alias/versions/:version')
  @ApiOkResponse({ type: RouteVersionDto })
  @ApiNotFoundResponse({ type: ApiErrorDto })
  async version(@Param('alias') alias: string, @Param('version', intParam('version')) version: number): Promise<RouteVersionDto> {
    return versionDto(await this.routes.getVersion(alias, version));
  }

  @Get(':alias/diff')
  @ApiOperation({ summary: 'What changed between two versions' })
  @ApiQuery({ name: 'from', type: Number })
  @ApiQuery({ name: 'to', type: Number })
  @ApiOkResponse({ type: RouteDiffDto })
  @ApiNotFoundResponse({ type: ApiErrorDto })
  async diff(@Param('alias') alias: string, @Query('from', intParam('from')) from: number, @Query('to', intParam('to')) to: number): Promise<RouteDiffDto> {
    return { from, to, changes: await this.routes.diff(alias, from, to) };
  }

  @Post(':alias/rollback')
  @HttpCode(200)
  @ApiOperation({ summary: "Make an old version's content current again, as a new version" })
  @ApiOkResponse({ type: RouteDto })
  @ApiNotFoundResponse({ type: ApiErrorDto })
  async rollback(@Param('alias') alias: string, @Body() dto: RollbackDto, @Actor() actor: string): Promise<RouteDto> {
    return routeDto(await this.routes.rollback(alias, dto.toVersion, { reason: dto.reason, actor }));
  }
}
