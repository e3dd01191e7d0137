import { Controller, Get, Inject } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { ApiErrorDto } from '../common/errors/api-error.dto.js';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/config.types.js';
import { VERSION } from '../version.js';
import { SystemInfoDto } from './health.dto.js';

@ApiTags('system')
@ApiBearerAuth()
@Controller('api/system')
export class SystemController {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  @Get()
  @ApiOperation({ summary: 'What this process runs and on which storage' })
  @ApiOkResponse({ type: SystemInfoDto })
  @ApiUnauthorizedResponse({ type: ApiErrorDto })
  info(): SystemInfoDto {
    return {
      name: 'switchyard',
      version: VERSION,
      role: this.config.role,
      database: this.config.database.kind,
      queue: this.config.queue.kind,
      uptimeSeconds: Math.round(process.uptime()),
    };
  }
}
