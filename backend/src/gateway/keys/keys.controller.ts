import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { ApiErrorDto } from '../../common/errors/api-error.dto.js';
import type { ApiKey } from './api-key.entity.js';
import { CreateKeyDto, CreatedKeyDto, KeyDto, UpdateKeyDto } from './keys.dto.js';
import { KeysService, limitsOf } from './keys.service.js';

const toDto = (k: ApiKey, spend?: { today: number; month: number }): KeyDto => ({
  id: k.id,
  name: k.name,
  prefix: k.prefix,
  scopes: k.scopes,
  allowedModels: k.allowedModels,
  limits: limitsOf(k),
  spentTodayUsd: spend?.today ?? 0,
  spentMonthUsd: spend?.month ?? 0,
  createdAt: k.createdAt.toISOString(),
  revokedAt: k.revokedAt?.toISOString() ?? null,
});

@ApiTags('keys')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ type: ApiErrorDto })
@Controller('api/keys')
export class KeysController {
  constructor(private readonly keys: KeysService) {}

  @Post()
  @ApiOperation({ summary: 'Create an API key; the secret is returned this once' })
  @ApiCreatedResponse({ type: CreatedKeyDto })
  @ApiBadRequestResponse({ type: ApiErrorDto })
  async create(@Body() dto: CreateKeyDto): Promise<CreatedKeyDto> {
    const { key, secret } = await this.keys.create(dto);
    return { ...toDto(key), secret };
  }

  @Get()
  @ApiOperation({ summary: 'List keys with their scopes, limits and spend today and this month' })
  @ApiOkResponse({ type: [KeyDto] })
  async list(): Promise<KeyDto[]> {
    const [keys, spend] = await Promise.all([this.keys.list(), this.keys.spend()]);
    return keys.map((k) => toDto(k, spend.get(k.id)));
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Change a key’s name, scopes, allowed models or limits (null clears a limit)' })
  @ApiOkResponse({ type: KeyDto })
  @ApiBadRequestResponse({ type: ApiErrorDto })
  @ApiNotFoundResponse({ type: ApiErrorDto })
  async update(@Param('id', ParseUUIDPipe) id: string, @Body() dto: UpdateKeyDto): Promise<KeyDto> {
    const key = await this.keys.update(id, dto);
    return toDto(key, (await this.keys.spend()).get(key.id));
  }

  @Post(':id/revoke')
  @HttpCode(200)
  @ApiOperation({ summary: 'Revoke a key: requests with it get 401 from then on' })
  @ApiOkResponse({ type: KeyDto })
  @ApiNotFoundResponse({ type: ApiErrorDto })
  async revoke(@Param('id', ParseUUIDPipe) id: string): Promise<KeyDto> {
    return toDto(await this.keys.revoke(id));
  }
}
