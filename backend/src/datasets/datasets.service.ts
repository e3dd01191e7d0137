import { Injectable } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { Readable } from 'node:stream';
import { stringify } from 'csv-stringify';
import { type DataSource, In, type Repository } from 'typeorm';
import { AppError } from '../common/errors/app-error.js';
import { isUuid } from '../common/validation/ids.js';
import type { DatasetItem } from './core/item.js';
import { csvRecords, type CsvMapping, jsonArrayRecords, jsonlRecords, type RawRecord } from './core/parsers.js';
import { DatasetEntity, DatasetVersionEntity } from './dataset.entity.js';
import { importRecords, type ImportOutcome } from './dataset-import.js';

export type UploadFormat = 'jsonl' | 'csv' | 'json';

interface ItemRow {
  idx: number;
  external_id: string | null;
  input: unknown;
  expected: unknown;
  metadata: unknown;
}

export function rowToItem(r: ItemRow): {
  index: number;
  id: string | null;
  input: Record<string, unknown>;
  expected?: unknown;
  metadata?: Record<string, unknown>;
} {
  const out: ReturnType<typeof rowToItem> = { index: Number(r.idx), id: r.external_id, input: r.input as Record<string, unknown> };
  if (r.expected !== null) out.expected = r.expected;
  if (r.metadata !== null) out.metadata = r.metadata as Record<string, unknown>;
  return out;
}

/** Datasets and their immutable versions: uploads streamed into batched inserts, preview, export. */
@Injectable()
export class DatasetsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @InjectRepository(DatasetEntity) private readonly datasets: Repository<DatasetEntity>,
    @InjectRepository(DatasetVersionEntity) private readonly versions: Repository<DatasetVersionEntity>,
  ) {}

  async create(name: string, description = ''): Promise<DatasetEntity> {
    if (await this.datasets.existsBy({ name }))
      throw new AppError('datasets/name-taken', `A dataset named ${name} exists already`, 409, [{ path: 'name', message: 'is already used' }]);
    return this.datasets.save(this.datasets.create({ name, description }));
  }

  async list(): Promise<Array<{ dataset: DatasetEntity; latest: DatasetVersionEntity | null }>> {
    const all = await this.datasets.find({ order: { name: 'ASC' } });
    const latest = (await this.db.query(`SELECT DISTINCT ON (dataset_id) id FROM dataset_versions ORDER BY dataset_id, version DESC`)) as Array<{ id: string }>;
    const versions = latest.length ? await this.versions.findBy({ id: In(latest.map((l) => l.id)) }) : [];
    const byDataset = new Map(versions.map((v) => [v.datasetId, v]));
    return all.map((dataset) => ({ dataset, latest: byDataset.get(dataset.id) ?? null }));
  }

  /** By id or by name. */
  async find(ref: string): Promise<DatasetEntity> {
    const d = isUuid(ref) ? await this.datasets.findOneBy({ id: ref }) : await this.datasets.findOneBy({ name: ref });
    if (!d) throw new AppError('datasets/not-found', `No dataset ${ref}`, 404);
    return d;
  }

  history(datasetId: string): Promise<DatasetVersionEntity[]> {
    return this.versions.find({ where: { datasetId }, order: { version: 'DESC' } });
  }

  async version(ref: string, version: number): Promise<{ dataset: DatasetEntity; version: DatasetVersionEntity }> {
    const dataset = await this.find(ref);
    const v = await this.versions.findOneBy({ datasetId: dataset.id, version });
    if (!v) throw new AppError('datasets/version-not-found', `${dataset.name} has no version ${version}`, 404);
    return { dataset, version: v };
  }

  async remove(ref: string): Promise<void> {
    const d = await this.find(ref);
    await this.datasets.delete({ id: d.id }).catch(inUse(`${d.name}`));
  }

  async removeVersion(ref: string, version: number): Promise<void> {
    const { version: v } = await this.version(ref, version);
    await this.versions.delete({ id: v.id }).catch(inUse(`${ref} version ${version}`));
  }

  /**
   * Imports an upload as the dataset's next version, in one transaction: a refused upload leaves no
   * version and no item behind.
   */
  async upload(
    ref: string,
    body: AsyncIterable<Buffer | string>,
    opts: { format: UploadFormat; mapping?: CsvMapping; skipInvalid: boolean; source: string },
  ): Promise<{ version: DatasetVersionEntity; outcome: ImportOutcome }> {
    const dataset = await this.find(ref);
    if (opts.format === 'csv' && !opts.mapping?.input.length) {
      throw new AppError('datasets/csv-mapping', 'A CSV upload needs a column mapping: input=<columns> (and optionally expected=, metadata=, id=)', 400, [
        { path: 'input', message: 'is required for CSV' },
      ]);
    }
    const records: AsyncIterable<RawRecord> =
      opts.format === 'csv' ? csvRecords(body, opts.mapping!) : opts.format === 'json' ? jsonArrayRecords(body) : jsonlRecords(body);
    return this.importInto(dataset, records, { format: opts.format, source: opts.source, skipInvalid: opts.skipInvalid });
  }

  /** Adds a version from items already in memory or produced by a query (bundled data, captured traffic). */
  async importInto(
    dataset: DatasetEntity,
    records: AsyncIterable<RawRecord>,
    opts: { format: string; source: string; skipInvalid: boolean },
  ): Promise<{ version: DatasetVersionEntity; outcome: ImportOutcome }> {
    return this.db.transaction(async (m) => {
      await m.query('SELECT id FROM datasets WHERE id = $1 FOR UPDATE', [dataset.id]);
      const [{ next }] = (await m.query('SELECT coalesce(max(version), 0) + 1 AS next FROM dataset_versions WHERE dataset_id = $1', [dataset.id])) as Array<{
        next: number;
      }>;
      const version = await m.save(
        m.create(DatasetVersionEntity, {
          datasetId: dataset.id,
          version: Number(next),
          format: opts.format,
          source: opts.source,
          rows: 0,
          fields: { input: {}, metadata: {}, withExpected: 0 },
        }),
      );
      const outcome = await importRecords(m, version.id, records, opts.skipInvalid);
      version.rows = outcome.rows;
      version.skipped = outcome.skipped;
      version.fields = outcome.fields;
      await m.save(version);
      return { version, outcome };
    });
  }

  /**
   * A version made of logged requests whose route captured bodies: the request's messages as input, the
   * logged answer as expected (unless asked not to), the request id, route and target as metadata.
   */
  async fromTraffic(ref: string, q: { route?: string; from?: string; to?: string; status?: 'ok' | 'error'; limit?: number; expectedFromResponse?: boolean }) {
    const dataset = await this.find(ref);
    const to = q.to ? new Date(q.to) : new Date();
    const from = q.from ? new Date(q.from) : new Date(to.getTime() - 7 * 86_400_000);
    if (Number.isNaN(from.getTime()) || Number.isNaN(to.getTime()))
      throw new AppError('request/invalid-body', 'from and to must be ISO 8601 times', 400, [{ path: 'from', message: 'is not a time' }]);
    if (from >= to)
      throw new AppError('request/invalid-body', 'The time range is empty: to must be after from', 400, [{ path: 'to', message: 'must be after from' }]);
    const params: unknown[] = [from, to];
    let where = 'at >= $1 AND at < $2 AND request_body IS NOT NULL';
    if (q.route) where += ` AND route = $${params.push(q.route)}`;
    where += (q.status ?? 'ok') === 'ok' ? ' AND status < 400' : ' AND status >= 400';
    const rows = (await this.db.query(
      `SELECT request_id, route, target, request_body, response_body FROM request_logs WHERE ${where} ORDER BY at LIMIT ${q.limit ?? 1000}`,
      params,
    )) as Array<{ request_id: string; route: string | null; target: string | null; request_body: { messages?: unknown }; response_body: unknown }>;
    if (!rows.length) {
      throw new AppError('datasets/no-traffic', 'No logged request matches (only routes with capture.bodies=true store request bodies)', 400);
    }
    const keepExpected = q.expectedFromResponse ?? true;
    async function* records(): AsyncGenerator<RawRecord> {
      for (const r of rows) {
        const res = r.response_body as { choices?: Array<{ message?: { content?: unknown } }>; content?: unknown } | null;
        const answer = res?.choices?.[0]?.message?.content ?? res?.content;
        const value: Record<string, unknown> = {
          id: r.request_id,
          input: { messages: r.request_body.messages },
          metadata: { route: r.route, target: r.target },
        };
        if (keepExpected && typeof answer === 'string') value.expected = answer;
        yield { where: `request ${r.request_id}`, value };
      }
    }
    return this.importInto(dataset, records(), { format: 'traffic', source: 'traffic', skipInvalid: true });
  }

  async items(ref: string, version: number, q: { offset?: number; limit?: number; search?: string }) {
    const { version: v } = await this.version(ref, version);
    const params: unknown[] = [v.id];
    let where = 'version_id = $1';
    if (q.search) {
      params.push(`%${q.search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
      where += ` AND (input::text ILIKE $2 OR coalesce(expected::text, '') ILIKE $2 OR coalesce(external_id, '') ILIKE $2)`;
    }
    const [{ total }] = (await this.db.query(`SELECT count(*)::int AS total FROM dataset_items WHERE ${where}`, params)) as Array<{ total: number }>;
    const rows = (await this.db.query(
      `SELECT idx, external_id, input, expected, metadata FROM dataset_items WHERE ${where} ORDER BY idx OFFSET ${q.offset ?? 0} LIMIT ${q.limit ?? 50}`,
      params,
    )) as ItemRow[];
    return { total: Number(total), items: rows.map(rowToItem) };
  }

  /** Every item of a version, in order, read in pages of 1,000 (keyset pagination). */
  async *readAll(versionId: string): AsyncGenerator<ReturnType<typeof rowToItem>> {
    let after = 0;
    for (;;) {
      const rows = (await this.db.query(
        'SELECT idx, external_id, input, expected, metadata FROM dataset_items WHERE version_id = $1 AND idx > $2 ORDER BY idx LIMIT 1000',
        [versionId, after],
      )) as ItemRow[];
      if (!rows.length) return;
      for (const r of rows) yield rowToItem(r);
      after = Number(rows.at(-1)!.idx);
    }
  }

  /** A version as JSONL (the upload format) or CSV (one column per input variable, expected and metadata key), streamed. */
  async export(ref: string, version: number, format: 'jsonl' | 'csv'): Promise<{ stream: Readable; filename: string }> {
    const { dataset, version: v } = await this.version(ref, version);
    const items = this.readAll(v.id);
    const filename = `${dataset.name}-v${v.version}.${format}`;
    if (format === 'jsonl') {
      return {
        filename,
        stream: Readable.from(
          (async function* () {
            for await (const it of items) {
              const out: DatasetItem = it.id !== null ? { id: it.id, input: it.input } : { input: it.input };
              if (it.expected !== undefined) out.expected = it.expected;
              if (it.metadata !== undefined) out.metadata = it.metadata;
              yield `${JSON.stringify(out)}\n`;
            }
          })(),
        ),
      };
    }
    const inputs = Object.keys(v.fields.input);
    const meta = Object.keys(v.fields.metadata);
    const cell = (x: unknown) => (x === undefined || x === null ? '' : typeof x === 'string' ? x : JSON.stringify(x));
    const csv = stringify({ header: true, columns: ['id', ...inputs, 'expected', ...meta.map((k) => `metadata.${k}`)] });
    void (async () => {
      try {
        for await (const it of items) {
          const row = [it.id ?? '', ...inputs.map((k) => cell(it.input[k])), cell(it.expected), ...meta.map((k) => cell(it.metadata?.[k]))];
          if (!csv.write(row)) await new Promise((r) => csv.once('drain', r));
        }
        csv.end();
      } catch (err) {
        csv.destroy(err as Error);
      }
    })();
    return { filename, stream: csv };
  }
}

/** Experiments pin dataset versions (a foreign key that restricts deletes): refusing is a 409, not a 500. */
const inUse =
  (what: string) =>
  (err: unknown): never => {
    // 23503 foreign_key_violation, 23001 restrict_violation (ON DELETE RESTRICT).
    const code = (err as { code?: string }).code ?? (err as { driverError?: { code?: string } }).driverError?.code;
    if (code === '23503' || code === '23001') throw new AppError('datasets/in-use', `${what} is used by an experiment; delete the experiment first`, 409);
    throw err;
  };
