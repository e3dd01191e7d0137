import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post } from '@nestjs/common';
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
import { ApiErrorDto } from '../../common/errors/api-error.dto.js';
import { ConnectionTestDto, CreateProviderDto, ModelDto, ProviderDto, UpdateProviderDto } from './provider.dto.js';
import { ProvidersService } from './providers.service.js';
import { ProviderRuntime } from './provider-runtime.js';

@ApiTags('providers')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ type: ApiErrorDto })
@Controller('api')
export class ProvidersController {
  constructor(
    private readonly providers: ProvidersService,
    private readonly runtime: ProviderRuntime,
  ) {}

  @Post('providers')
  @ApiOperation({ summary: 'Add a provider account (credentials are encrypted at rest and never returned)' })
  @ApiCreatedResponse({ type: ProviderDto })
  @ApiBadRequestResponse({ type: ApiErrorDto })
  @ApiConflictResponse({ type: ApiErrorDto })
  create(@Body() dto: CreateProviderDto): Promise<ProviderDto> {
    return this.providers.create(dto);
  }

  @Get('providers')
  @ApiOperation({ summary: 'List provider accounts with their models' })
  @ApiOkResponse({ type: [ProviderDto] })
  list(): Promise<ProviderDto[]> {
    return this.providers.list();
  }

  @Get('providers/:id')
  @ApiOkResponse({ type: ProviderDto })
  @ApiNotFoundResponse({ type: ApiErrorDto })
  get(@Param('id', ParseUUIDPipe) id: string): Promise<ProviderDto> {
    return this.providers.get(id);
  }

  @Patch('providers/:id')
  @ApiOperation({ summary: 'Change an account: rotate its key, change its base URL, headers, options, timeouts or models' })
  @ApiOkResponse({ type: ProviderDto })
  @ApiBadRequestResponse({ type: ApiErrorDto })
  @ApiNotFoundResponse({ type: ApiErrorDto })
  update(@Param('id', ParseUUIDPipe) id: string, @Body() dto: UpdateProviderDto): Promise<ProviderDto> {
    return this.providers.update(id, dto);
  }

  @Delete('providers/:id')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Deleted with its models' })
  @ApiNotFoundResponse({ type: ApiErrorDto })
  remove(@Param('id', ParseUUIDPipe) id: string): Promise<void> {
    return this.providers.remove(id);
  }

  @Post('providers/:id/test')
  @HttpCode(200)
  @ApiOperation({ summary: 'Test the connection with a one-token chat' })
  @ApiOkResponse({ type: ConnectionTestDto })
  test(@Param('id', ParseUUIDPipe) id: string): Promise<ConnectionTestDto> {
    return this.providers.test(id);
  }

  @Get('models')
  @ApiOperation({ summary: 'The model catalogue: every model of every account with prices' })
  @ApiOkResponse({ type: [ModelDto] })
  models(): ModelDto[] {
    return this.runtime.catalogue();
  }
}
