import { Controller, Get, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiParam, ApiTags, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { ApiErrorDto } from '../common/errors/api-error.dto.js';
import { ExperimentsService } from '../experiments/experiments.service.js';
import { ReportDto } from './reports.dto.js';
import { LiveReportsService } from './live-reports.service.js';
import { ReportsService } from './reports.service.js';

@ApiTags('reports')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ type: ApiErrorDto })
@Controller('api/experiments')
export class ReportsController {
  constructor(
    private readonly experiments: ExperimentsService,
    private readonly reports: ReportsService,
    private readonly live: LiveReportsService,
  ) {}

  @Get(':experiment/report')
  @ApiParam({ name: 'experiment', description: 'Experiment id or name' })
  @ApiOperation({
    summary: 'The score report: per variant and metric with 95% intervals, each candidate against the control, verdicts and the cost–quality Pareto set',
    description:
      'Dataset runs are paired by item (paired t, exact McNemar). Live and shadow experiments are unpaired (Welch t, two-proportion z) from the request log, sampled scores and feedback (`feedback:<metric>`), with always-valid mSPRT figures behind the verdicts and, for live splits, a sample-ratio-mismatch check.',
  })
  @ApiOkResponse({ type: ReportDto })
  @ApiNotFoundResponse({ type: ApiErrorDto })
  async report(@Param('experiment') ref: string): Promise<ReportDto> {
    const e = await this.experiments.get(ref);
    return (e.kind === 'dataset' ? await this.reports.report(e) : await this.live.report(e)) as unknown as ReportDto;
  }
}
