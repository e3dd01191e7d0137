import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { stringify } from 'csv-stringify';
import { Readable } from 'node:stream';
import type { DataSource } from 'typeorm';
import { AppError } from '../common/errors/app-error.js';
import type { ExperimentEntity } from './experiment.entity.js';
import type { ResultPageDto, ResultRowDto, ResultsQueryDto } from './experiments.dto.js';

interface ScoreView {
  score: number | null;
  pass: boolean | null;
  reason: string;
  error?: string;
}

export interface VariantView {
  ok: boolean;
  output: string | null;
  error?: { code: string; message: string };
  latencyMs: number;
  costUsd: number;
  target: string | null;
  scores: Record<string, ScoreView>;
}

/** The per-item view of a dataset run: items where variants disagree, with outputs side by side (read-only queries). */
@Injectable()
export class ExperimentResults {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async page(e: ExperimentEntity, q: ResultsQueryDto): Promise<ResultPageDto> {
    const offset = q.offset ?? 0;
    const limit = q.limit ?? 50;
    const { sql, params } = this.selection(e, q);
    const [{ n }] = (await this.db.query(`SELECT count(*)::int AS n FROM (${sql}) s`, params)) as Array<{ n: number }>;
    const idx = ((await this.db.query(`${sql} ORDER BY item_idx OFFSET ${offset} LIMIT ${limit}`, params)) as Array<{ item_idx: number }>).map(
      (r) => r.item_idx,
    );
    return { total: n, rows: await this.rows(e, idx) };
  }

  private selection(e: ExperimentEntity, q: ResultsQueryDto): { sql: string; params: unknown[] } {
    const primary = e.spec.primaryMetric;
    if (q.failing !== undefined) {
      if (!e.spec.variants.some((v) => v.name === q.failing))
        throw new AppError('experiments/unknown-variant', `${e.name} has no variant ${q.failing}`, 400, [{ path: 'failing', message: 'is not a variant' }]);
      return {
        sql: `SELECT r.item_idx FROM experiment_results r
               LEFT JOIN experiment_scores s ON s.experiment_id = r.experiment_id AND s.grader = $3 AND s.variant = r.variant AND s.item_idx = r.item_idx
              WHERE r.experiment_id = $1 AND r.variant = $2 AND (NOT r.ok OR s.pass IS NOT TRUE)`,
        params: [e.id, q.failing, primary.grader],
      };
    }
    if (q.disagree === 'true') {
      const distinct = primary.measure === 'score' ? 'round(score::numeric, 3)' : 'pass';
      return {
        sql: `SELECT item_idx FROM experiment_scores WHERE experiment_id = $1 AND grader = $2 GROUP BY item_idx HAVING count(DISTINCT ${distinct}) > 1`,
        params: [e.id, primary.grader],
      };
    }
    return { sql: 'SELECT DISTINCT item_idx FROM experiment_results WHERE experiment_id = $1', params: [e.id] };
  }

  async rows(e: ExperimentEntity, idx: number[]): Promise<ResultRowDto[]> {
    if (!idx.length) return [];
    const [items, results, scores] = (await Promise.all([
      this.db.query('SELECT idx, external_id, input, expected FROM dataset_items WHERE version_id = $1 AND idx = ANY($2::int[])', [e.datasetVersionId, idx]),
      this.db.query(
        'SELECT variant, item_idx, ok, output, error_code, error_message, latency_ms, cost_usd, target FROM experiment_results WHERE experiment_id = $1 AND item_idx = ANY($2::int[])',
        [e.id, idx],
      ),
      this.db.query(
        'SELECT grader, variant, item_idx, score, pass, reason, error FROM experiment_scores WHERE experiment_id = $1 AND item_idx = ANY($2::int[])',
        [e.id, idx],
      ),
    ])) as [Array<Record<string, never>>, Array<Record<string, never>>, Array<Record<string, never>>];
    const byIdx = new Map<number, ResultRowDto>();
    for (const i of idx) byIdx.set(i, { item: i, input: {}, variants: {} });
    for (const it of items) {
      const row = byIdx.get(it.idx)!;
      row.input = it.input;
      if (it.external_id !== null) row.externalId = it.external_id;
      if (it.expected !== null) row.expected = it.expected;
    }
    for (const r of results) {
      const v: VariantView = { ok: r.ok, output: r.output, latencyMs: Number(r.latency_ms), costUsd: Number(r.cost_usd), target: r.target, scores: {} };
      if (!r.ok) v.error = { code: r.error_code, message: r.error_message };
      byIdx.get(r.item_idx)!.variants[r.variant] = v;
    }
    for (const s of scores) {
      const v = byIdx.get(s.item_idx)!.variants[s.variant] as VariantView | undefined;
      if (!v) continue;
      const view: ScoreView = { score: s.score, pass: s.pass, reason: s.reason };
      if (s.error !== null) view.error = s.error;
      v.scores[s.grader] = view;
    }
    return idx.map((i) => byIdx.get(i)!);
  }

  /** Every item's results as JSON lines or CSV (one column group per variant and grader), read 500 items at a time. */
  export(e: ExperimentEntity, format: 'jsonl' | 'csv'): Readable {
    const pages = async function* (this: ExperimentResults) {
      for (let after = 0; ;) {
        const idx = (
          (await this.db.query('SELECT DISTINCT item_idx FROM experiment_results WHERE experiment_id = $1 AND item_idx > $2 ORDER BY item_idx LIMIT 500', [
            e.id,
            after,
          ])) as Array<{ item_idx: number }>
        ).map((r) => r.item_idx);
        if (!idx.length) return;
        yield await this.rows(e, idx);
        after = idx[idx.length - 1];
      }
    }.bind(this);
    if (format === 'jsonl')
      return Readable.from(
        (async function* () {
          for await (const page of pages()) for (const row of page) yield `${JSON.stringify(row)}\n`;
        })(),
      );
    const graders = e.spec.graders.map((g) => g.name);
    const variants = e.spec.variants.map((v) => v.name);
    const columns = ['item', 'external_id', 'expected'];
    for (const v of variants) {
      columns.push(`${v}.ok`, `${v}.output`, `${v}.error`, `${v}.latency_ms`, `${v}.cost_usd`);
      for (const g of graders) columns.push(`${v}.${g}.score`, `${v}.${g}.pass`, `${v}.${g}.reason`);
    }
    const cell = (x: unknown) => (x === undefined || x === null ? '' : typeof x === 'string' ? x : JSON.stringify(x));
    // Model output is untrusted: a cell a spreadsheet would run as a formula gets a leading apostrophe (OWASP CSV injection).
    const text = (x: string) => (/^[=+\-@\t\r]/.test(x) ? `'${x}` : x);
    const csv = stringify({ header: true, columns });
    void (async () => {
      try {
        for await (const page of pages())
          for (const row of page) {
            const out: unknown[] = [row.item, row.externalId ?? '', cell(row.expected)];
            for (const v of variants) {
              const r = row.variants[v] as VariantView | undefined;
              out.push(r ? String(r.ok) : '', text(r?.output ?? ''), text(r?.error?.message ?? ''), r?.latencyMs ?? '', r?.costUsd ?? '');
              for (const g of graders) {
                const sc = r?.scores[g];
                out.push(sc?.score ?? '', sc?.pass === null || sc?.pass === undefined ? '' : String(sc.pass), text(sc?.error ?? sc?.reason ?? ''));
              }
            }
            if (!csv.write(out)) await new Promise((r) => csv.once('drain', r));
          }
        csv.end();
      } catch (err) {
        csv.destroy(err as Error);
      }
    })();
    return csv;
  }
}
