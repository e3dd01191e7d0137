import { Controller, Get, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Public } from '../admin/public.decorator.js';
import { HealthService } from './health.service.js';
import { LivenessDto, ReadinessDto } from './health.dto.js';

@ApiTags('health')
@Public()
@Controller()
export class HealthController {
  constructor(private readonly health: HealthService) {}

  @Get('healthz')
  @ApiOperation({ summary: 'Liveness: the process is up' })
  @ApiOkResponse({ type: LivenessDto })
  healthz(): LivenessDto {
    return { status: 'ok' };
  }

  @Get('readyz')
  @ApiOperation({ summary: 'Readiness: the database and the job queue answer' })
  @ApiOkResponse({ type: ReadinessDto })
  @ApiServiceUnavailableResponse({ type: ReadinessDto })
  async readyz(@Res({ passthrough: true }) reply: FastifyReply): Promise<ReadinessDto> {
    const r = await this.health.readiness();
    if (!r.ready) void reply.status(503);
    return { status: r.ready ? 'ok' : 'unavailable', checks: r.checks };
  }
}
