import { Body, Controller, Get, Param, ParseUUIDPipe, Post } from '@nestjs/common';
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
import { CreateKeyDto, CreatedKeyDto, KeyDto } from './keys.dto.js';
import { KeysService } from './keys.service.js';

const toDto = (k: ApiKey): KeyDto => ({
  id: k.id,
  name: k.name,
  prefix: k.prefix,
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
  @ApiOperation({ summary: 'Create a gateway API key; the secret is returned this once' })
  @ApiCreatedResponse({ type: CreatedKeyDto })
  @ApiBadRequestResponse({ type: ApiErrorDto })
  async create(@Body() dto: CreateKeyDto): Promise<CreatedKeyDto> {
    const { key, secret } = await this.keys.create(dto.name);
    return { ...toDto(key), secret };
  }

  @Get()
  @ApiOkResponse({ type: [KeyDto] })
  async list(): Promise<KeyDto[]> {
    return (await this.keys.list()).map(toDto);
  }

  @Post(':id/revoke')
  @ApiOperation({ summary: 'Revoke a key: requests with it get 401 from then on' })
  @ApiOkResponse({ type: KeyDto })
  @ApiNotFoundResponse({ type: ApiErrorDto })
  async revoke(@Param('id', ParseUUIDPipe) id: string): Promise<KeyDto> {
    return toDto(await this.keys.revoke(id));
  }
}
