import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query, Req, Res } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiBody,
  ApiConflictResponse,
  ApiConsumes,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../common/errors/app-error.js';
import { ApiErrorDto } from '../common/errors/api-error.dto.js';
import { intParam } from '../common/validation/validation.js';
import type { RawRecord } from './core/parsers.js';
import { type DatasetEntity, type DatasetVersionEntity } from './dataset.entity.js';
import {
  CreateDatasetDto,
  DatasetDetailDto,
  DatasetDto,
  DatasetVersionDto,
  ExportQueryDto,
  FromTrafficDto,
  ItemsPageDto,
  ItemsQueryDto,
  UploadQueryDto,
  UploadResultDto,
} from './datasets.dto.js';
import { DatasetsService, type UploadFormat } from './datasets.service.js';

const versionDto = (v: DatasetVersionEntity): DatasetVersionDto => ({
  version: v.version,
  format: v.format,
  source: v.source,
  rows: v.rows,
  skipped: v.skipped,
  fields: v.fields,
  createdAt: v.createdAt.toISOString(),
});

const datasetDto = (d: DatasetEntity, latest: DatasetVersionEntity | null): DatasetDto => ({
  id: d.id,
  name: d.name,
  description: d.description,
  latest: latest ? versionDto(latest) : null,
  createdAt: d.createdAt.toISOString(),
});

const cols = (v?: string) =>
  v
    ? v
        .split(',')
        .map((c) => c.trim())
        .filter(Boolean)
    : undefined;

function formatOf(contentType: string, filename: string): UploadFormat | undefined {
  if (/ndjson|jsonl|jsonlines/.test(contentType) || /\.jsonl$|\.ndjson$/i.test(filename)) return 'jsonl';
  if (/csv/.test(contentType) || /\.csv$/i.test(filename)) return 'csv';
  if (/json/.test(contentType) || /\.json$/i.test(filename)) return 'json';
  return undefined;
}

async function* arrayRecords(items: unknown[]): AsyncGenerator<RawRecord> {
  for (const [i, value] of items.entries()) yield { where: `item ${i + 1}`, value };
}

@ApiTags('datasets')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ type: ApiErrorDto })
@Controller('api/datasets')
export class DatasetsController {
  constructor(private readonly datasets: DatasetsService) {}

  @Post()
  @ApiOperation({ summary: 'Create a dataset (its items come with versions)' })
  @ApiCreatedResponse({ type: DatasetDto })
  @ApiBadRequestResponse({ type: ApiErrorDto })
  @ApiConflictResponse({ type: ApiErrorDto })
  async create(@Body() dto: CreateDatasetDto): Promise<DatasetDto> {
    return datasetDto(await this.datasets.create(dto.name, dto.description), null);
  }

  @Get()
  @ApiOkResponse({ type: [DatasetDto] })
  async list(): Promise<DatasetDto[]> {
    return (await this.datasets.list()).map((x) => datasetDto(x.dataset, x.latest));
  }

  @Get(':dataset')
  @ApiOperation({ summary: 'A dataset (by id or name) with its versions' })
  @ApiOkResponse({ type: DatasetDetailDto })
  @ApiNotFoundResponse({ type: ApiErrorDto })
  async get(@Param('dataset') ref: string): Promise<DatasetDetailDto> {
    const d = await this.datasets.find(ref);
    const versions = await this.datasets.history(d.id);
    return { ...datasetDto(d, versions[0] ?? null), versions: versions.map(versionDto) };
  }

  @Delete(':dataset')
  @HttpCode(204)
  @ApiNoContentResponse()
  @ApiNotFoundResponse({ type: ApiErrorDto })
  async remove(@Param('dataset') ref: string): Promise<void> {
    await this.datasets.remove(ref);
  }

  @Post(':dataset/versions')
  @ApiOperation({
    summary: 'Upload a new version: JSONL, CSV (with a column mapping) or a JSON array, as the raw body or a multipart file',
    description:
      'Streamed and inserted in batches. By default one invalid record imports nothing (400 listing the first 100 problems by line and field); skip_invalid=true imports the valid ones and reports the rest.',
  })
  @ApiConsumes('application/x-ndjson', 'text/csv', 'application/json', 'application/octet-stream', 'multipart/form-data')
  @ApiBody({ schema: { type: 'string', format: 'binary' } })
  @ApiCreatedResponse({ type: UploadResultDto })
  @ApiBadRequestResponse({ type: ApiErrorDto, description: 'Invalid records (details name line and field), a missing CSV mapping, an empty file' })
  @ApiNotFoundResponse({ type: ApiErrorDto })
  async upload(@Param('dataset') ref: string, @Query() q: UploadQueryDto, @Req() req: FastifyRequest): Promise<UploadResultDto> {
    const contentType = req.headers['content-type'] ?? '';
    let body: AsyncIterable<Buffer | string> | undefined;
    let filename = '';
    if (req.isMultipart()) {
      const file = await req.file();
      if (!file) throw new AppError('datasets/no-file', 'The multipart body has no file part', 400, [{ path: 'file', message: 'is required' }]);
      body = file.file;
      filename = file.filename;
    } else if (Array.isArray(req.body)) {
      const { version, outcome } = await this.datasets.importInto(await this.datasets.find(ref), arrayRecords(req.body), {
        format: 'json',
        source: 'upload',
        skipInvalid: q.skip_invalid === 'true',
      });
      return { ...versionDto(version), problems: outcome.problems };
    } else if (req.body && typeof (req.body as AsyncIterable<Buffer>)[Symbol.asyncIterator] === 'function') {
      body = req.body as AsyncIterable<Buffer>;
    }
    if (!body) {
      throw new AppError(
        'datasets/unsupported-body',
        `Send the file as the raw body (application/x-ndjson, text/csv, application/octet-stream) or as multipart/form-data (got ${contentType || 'no content type'})`,
        415,
      );
    }
    const format = q.format ?? formatOf(contentType, filename);
    if (!format)
      throw new AppError('datasets/unknown-format', 'Cannot tell the format: add format=jsonl, csv or json', 400, [{ path: 'format', message: 'is required' }]);
    const mapping = format === 'csv' ? { input: cols(q.input) ?? [], expected: q.expected, metadata: cols(q.metadata), id: q.id } : undefined;
    const { version, outcome } = await this.datasets.upload(ref, body, {
      format,
      mapping,
      skipInvalid: q.skip_invalid === 'true',
      source: filename || 'upload',
    });
    return { ...versionDto(version), problems: outcome.problems };
  }

  @Post(':dataset/versions/from-traffic')
  @ApiOperation({ summary: 'Make a version from logged requests whose bodies were captured (filter by route, time, status)' })
  @ApiCreatedResponse({ type: UploadResultDto })
  @ApiBadRequestResponse({ type: ApiErrorDto })
  @ApiNotFoundResponse({ type: ApiErrorDto })
  async fromTraffic(@Param('dataset') ref: string, @Body() dto: FromTrafficDto): Promise<UploadResultDto> {
    const { version, outcome } = await this.datasets.fromTraffic(ref, dto);
    return { ...versionDto(version), problems: outcome.problems };
  }

  @Get(':dataset/versions/:version/items')
  @ApiOperation({ summary: 'Preview a version: items in order, with paging and text search' })
  @ApiOkResponse({ type: ItemsPageDto })
  @ApiNotFoundResponse({ type: ApiErrorDto })
  items(@Param('dataset') ref: string, @Param('version', intParam('version')) version: number, @Query() q: ItemsQueryDto): Promise<ItemsPageDto> {
    return this.datasets.items(ref, version, q);
  }

  @Get(':dataset/versions/:version/export')
  @ApiOperation({ summary: 'Download a version as JSONL or CSV (streamed)' })
  @ApiProduces('application/x-ndjson', 'text/csv')
  @ApiOkResponse({ schema: { type: 'string', format: 'binary' } })
  @ApiNotFoundResponse({ type: ApiErrorDto })
  async export(
    @Param('dataset') ref: string,
    @Param('version', intParam('version')) version: number,
    @Query() q: ExportQueryDto,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const format = q.format ?? 'jsonl';
    const { stream, filename } = await this.datasets.export(ref, version, format);
    await reply
      .header('content-type', format === 'csv' ? 'text/csv; charset=utf-8' : 'application/x-ndjson; charset=utf-8')
      .header('content-disposition', `attachment; filename="${filename}"`)
      .send(stream);
  }

  @Delete(':dataset/versions/:version')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete a version (refused while an experiment uses it, once experiments exist)' })
  @ApiNoContentResponse()
  @ApiNotFoundResponse({ type: ApiErrorDto })
  async removeVersion(@Param('dataset') ref: string, @Param('version', intParam('version')) version: number): Promise<void> {
    await this.datasets.removeVersion(ref, version);
  }
}
