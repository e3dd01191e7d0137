import { Controller, Get, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiParam, ApiTags, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { ApiErrorDto } from '../common/errors/api-error.dto.js';
import { ExperimentsService } from '../experiments/experiments.service.js';
import { ReportDto } from './reports.dto.js';
import { ReportsService } from './reports.service.js';

@ApiTags('reports')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ type: ApiErrorDto })
@Controller('api/experiments')
export class ReportsController {
  constructor(
    private readonly experiments: ExperimentsService,
    private readonly reports: ReportsService,
  ) {}

  @Get(':experiment/report')
  @ApiParam({ name: 'experiment', description: 'Experiment id or name' })
  @ApiOperation({
    summary: 'The score report: per variant and metric with 95% intervals, each candidate against the control, verdicts and the cost–quality Pareto set',
  })
  @ApiOkResponse({ type: ReportDto })
  @ApiNotFoundResponse({ type: ApiErrorDto })
  async report(@Param('experiment') ref: string): Promise<ReportDto> {
    return (await this.reports.report(await this.experiments.get(ref))) as unknown as ReportDto;
  }
}
