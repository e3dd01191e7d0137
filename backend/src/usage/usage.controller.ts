import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiBearerAuth, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { ApiErrorDto } from '../common/errors/api-error.dto.js';
import { RequestLogDetailDto, RequestLogDto, RequestsQueryDto, TimeseriesDto, TimeseriesQueryDto, UsageQueryDto, UsageSummaryDto } from './usage.dto.js';
import { UsageService } from './usage.service.js';

@ApiTags('usage')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ type: ApiErrorDto })
@ApiBadRequestResponse({ type: ApiErrorDto })
@Controller('api')
export class UsageController {
  constructor(private readonly usage: UsageService) {}

  @Get('usage/summary')
  @ApiOperation({ summary: 'Requests, errors, tokens, spend and latency percentiles, grouped by key, route, model or day' })
  @ApiOkResponse({ type: UsageSummaryDto })
  async summary(@Query() q: UsageQueryDto): Promise<UsageSummaryDto> {
    const s = await this.usage.summary(q);
    return { ...s, from: s.from.toISOString(), to: s.to.toISOString() };
  }

  @Get('usage/timeseries')
  @ApiOperation({ summary: 'The same figures per minute, hour or day' })
  @ApiOkResponse({ type: TimeseriesDto })
  async timeseries(@Query() q: TimeseriesQueryDto): Promise<TimeseriesDto> {
    const s = await this.usage.timeseries(q);
    return { ...s, from: s.from.toISOString(), to: s.to.toISOString() };
  }

  @Get('requests')
  @ApiOperation({ summary: 'The request log, newest first' })
  @ApiOkResponse({ type: [RequestLogDto] })
  requests(@Query() q: RequestsQueryDto): Promise<RequestLogDto[]> {
    return this.usage.requests(q);
  }

  @Get('requests/:requestId')
  @ApiOperation({ summary: 'One logged request with its attempts, and its bodies when the route captures them' })
  @ApiOkResponse({ type: RequestLogDetailDto })
  @ApiNotFoundResponse({ type: ApiErrorDto })
  request(@Param('requestId') requestId: string): Promise<RequestLogDetailDto> {
    return this.usage.request(requestId);
  }
}
