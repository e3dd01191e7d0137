import type { EntityManager } from 'typeorm';
import { AppError, type ErrorDetail } from '../common/errors/app-error.js';
import { checkItem, type DatasetItem, FieldStats } from './core/item.js';
import type { RawRecord } from './core/parsers.js';

export const BATCH = 1_000;
export const MAX_REPORTED = 100;

export interface ImportOutcome {
  rows: number;
  skipped: number;
  fields: ReturnType<FieldStats['toJSON']>;
  problems: ErrorDetail[];
}

/** Inserts items as one multi-row statement (6 parameters a row). */
export async function insertItems(m: EntityManager, versionId: string, first: number, items: DatasetItem[]): Promise<void> {
  const params: unknown[] = [];
  const rows: string[] = [];
  items.forEach((it, i) => {
    const b = params.length;
    params.push(
      versionId,
      first + i,
      it.id ?? null,
      JSON.stringify(it.input),
      it.expected === undefined ? null : JSON.stringify(it.expected),
      it.metadata === undefined ? null : JSON.stringify(it.metadata),
    );
    rows.push(`($${b + 1},$${b + 2},$${b + 3},$${b + 4},$${b + 5},$${b + 6})`);
  });
  await m.query(`INSERT INTO dataset_items (version_id, idx, external_id, input, expected, metadata) VALUES ${rows.join(',')}`, params);
}

/**
 * Reads every record of an upload, checks it, and inserts the valid ones in batches of 1,000 inside the
 * caller's transaction. Without `skipInvalid`, the first invalid record stops the inserts (the rest is
 * still read, to report up to 100 problems) and the whole upload is refused, so the transaction writes
 * nothing. Memory stays at one batch whatever the file's size.
 */
export async function importRecords(m: EntityManager, versionId: string, records: AsyncIterable<RawRecord>, skipInvalid: boolean): Promise<ImportOutcome> {
  const stats = new FieldStats();
  const problems: ErrorDetail[] = [];
  let invalid = 0;
  let rows = 0;
  let batch: DatasetItem[] = [];
  const flush = async () => {
    if (!batch.length) return;
    await insertItems(m, versionId, rows - batch.length + 1, batch);
    batch = [];
  };
  for await (const rec of records) {
    const checked = 'error' in rec ? { ok: false as const, problems: [{ path: rec.where, message: rec.error }] } : checkItem(rec.value, rec.where);
    if (!checked.ok) {
      invalid++;
      for (const p of checked.problems) if (problems.length < MAX_REPORTED) problems.push(p);
      continue;
    }
    if (invalid && !skipInvalid) continue;
    rows++;
    stats.add(checked.item);
    batch.push(checked.item);
    if (batch.length >= BATCH) await flush();
  }
  if (invalid && !skipInvalid) {
    throw new AppError(
      'datasets/invalid-upload',
      `${invalid} invalid record${invalid === 1 ? '' : 's'}, first at ${problems[0]?.path.split(':')[0]}: nothing was imported (send skip_invalid=true to import the valid ones and skip these)`,
      400,
      problems,
    );
  }
  await flush();
  if (rows === 0) {
    throw new AppError(
      'datasets/empty-upload',
      invalid ? 'No valid record in the upload: nothing was imported' : 'The upload has no records: nothing was imported',
      400,
      problems,
    );
  }
  return { rows, skipped: invalid, fields: stats.toJSON(), problems };
}
