import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename, extname, resolve } from 'node:path';
import type { Report } from '../../reports/report-builder.js';
import { type AdminClient, ApiCallError } from '../admin-client.js';
import { CliError, EXIT } from '../cli-error.js';
import { compareWithBaseline, type ItemValues } from './baseline.js';
import type { EvalConfig } from './eval-config.js';
import { type FailOn, gate, type GateResult } from './gate.js';

/** What `switchyard eval` writes with --output, and reads back as a --baseline file. */
export interface EvalResult {
  format: 'switchyard-eval/1';
  experiment: string;
  server: string;
  dataset: { name: string; version: number };
  startedAt: string;
  seconds: number;
  status: string;
  report: Report;
  /** Per variant, per item (external id or `#index`): the primary metric (0/1 for a pass rate), null when unscored. */
  items: Record<string, ItemValues>;
  gate: GateResult;
}

export interface EvalOptions {
  failOn: FailOn;
  /** A previous run's result: a file written by --output, or a stored experiment's name. */
  baseline?: { file?: string; run?: string; variant?: string };
  /** Progress as it goes (done, total, cost, eta); called at most every poll. */
  onProgress?: (p: Progress) => void;
  pollMs?: number;
  signal?: AbortSignal;
}

export interface Progress {
  status: string;
  total: number;
  done: number;
  failed: number;
  costUsd: number;
  etaSeconds: number | null;
}

interface ExportRow {
  item: number;
  externalId?: string | null;
  variants: Record<string, { ok: boolean; scores?: Record<string, { score: number | null; pass: boolean | null }> }>;
}

const CONTENT_TYPES: Record<string, string> = {
  '.jsonl': 'application/x-ndjson',
  '.ndjson': 'application/x-ndjson',
  '.csv': 'text/csv',
  '.json': 'application/json',
};
const slug = (s: string) =>
  s
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, '-')
    .replace(/^[^a-z0-9]+/, '')
    .slice(0, 60) || 'eval';
const sameConfig = (want: Record<string, unknown>, have: Record<string, unknown>) =>
  Object.entries(want).every(([k, v]) => JSON.stringify(v) === JSON.stringify(have[k]));

/** The dataset version the run pins: a file is pushed as a new version; a name means its latest version. */
async function resolveDataset(client: AdminClient, c: EvalConfig, dir: string): Promise<{ name: string; version: number }> {
  const d = c.dataset;
  const file = typeof d === 'string' ? (existsSync(resolve(dir, d)) ? d : undefined) : 'file' in d ? d.file : undefined;
  if (file !== undefined) {
    const path = resolve(dir, file);
    const name = (typeof d === 'object' && 'name' in d && d.name) || slug(basename(path, extname(path)));
    await client.json('POST', '/api/datasets', { name }).catch((err: unknown) => {
      if (!(err instanceof ApiCallError && err.code === 'datasets/name-taken')) throw err;
    });
    const body = await readFile(path).catch(() => {
      throw new CliError(`dataset: cannot read ${path}`);
    });
    const contentType = CONTENT_TYPES[extname(path).toLowerCase()] ?? 'application/octet-stream';
    const up = await client.request('POST', `/api/datasets/${encodeURIComponent(name)}/versions`, { body, contentType });
    const v = (await up.json()) as { version: number };
    return { name, version: v.version };
  }
  if (typeof d === 'string' && /[/\\]|\.(jsonl|ndjson|csv|json)$/i.test(d)) throw new CliError(`dataset: no file ${resolve(dir, d)}`);
  const name = typeof d === 'string' ? d : (d as { name: string }).name;
  const stored = await client.json<{ versions: Array<{ version: number }> }>('GET', `/api/datasets/${encodeURIComponent(name)}`);
  const version = typeof d === 'object' && 'version' in d && d.version !== undefined ? d.version : Math.max(0, ...stored.versions.map((v) => v.version));
  if (!version) throw new CliError(`dataset: ${name} has no versions yet`);
  return { name, version };
}

/** Graders given by definition are created when missing; an existing one with another config is an error, not overwritten. */
async function ensureGraders(client: AdminClient, c: EvalConfig): Promise<string[]> {
  const names: string[] = [];
  for (const g of c.graders) {
    if (typeof g === 'string') {
      names.push(g);
      continue;
    }
    names.push(g.name);
    const have = await client
      .json<{ type: string; config: Record<string, unknown> }>('GET', `/api/graders/${encodeURIComponent(g.name)}`)
      .catch((err: unknown) => {
        if (err instanceof ApiCallError && err.status === 404) return undefined;
        throw err;
      });
    if (!have) await client.json('POST', '/api/graders', g);
    else if (have.type !== g.type || !sameConfig(g.config, have.config))
      throw new CliError(`graders: a grader named ${g.name} exists on the server with another type or config; give yours another name`);
  }
  return names;
}

/** Per variant and item, the primary metric's value from the run's JSON-lines export. */
async function itemValues(client: AdminClient, experiment: string, grader: string, measure: 'pass_rate' | 'score'): Promise<Record<string, ItemValues>> {
  const res = await client.request('GET', `/api/experiments/${encodeURIComponent(experiment)}/export?format=jsonl`);
  const out: Record<string, ItemValues> = {};
  for (const line of (await res.text()).split('\n')) {
    if (!line) continue;
    const row = JSON.parse(line) as ExportRow;
    const key = row.externalId ? String(row.externalId) : `#${row.item}`;
    for (const [variant, r] of Object.entries(row.variants)) {
      const s = r.scores?.[grader];
      const value = !s ? null : measure === 'pass_rate' ? (s.pass === null ? null : Number(s.pass)) : s.score;
      (out[variant] ??= {})[key] = value;
    }
  }
  return out;
}

/** Runs the eval against a server (or the in-process one) and judges it; throws on a setup or API problem. */
export async function runEval(client: AdminClient, c: EvalConfig, dir: string, prefix: string, opts: EvalOptions): Promise<EvalResult> {
  const started = Date.now();
  const dataset = await resolveDataset(client, c, dir);
  const graders = await ensureGraders(client, c);
  const stamp = new Date(started).toISOString().replace(/[-:T]/g, '').slice(0, 14);
  const name = `${c.name ?? slug(prefix)}-${stamp}-${Math.random().toString(36).slice(2, 6)}`;
  const { thresholds: _t, setup: _s, dataset: _d, graders: _g, name: _n, ...rest } = c;
  await client.json('POST', '/api/experiments', { ...rest, name, kind: 'dataset', dataset, graders, start: true });

  const path = `/api/experiments/${encodeURIComponent(name)}`;
  let progress: Progress;
  const cancel = () => void client.json('POST', `${path}/cancel`).catch(() => undefined);
  opts.signal?.addEventListener('abort', cancel, { once: true });
  try {
    for (;;) {
      progress = await client.json<Progress>('GET', `${path}/progress`);
      opts.onProgress?.(progress);
      if (!['running', 'draft', 'paused'].includes(progress.status)) break;
      if (opts.signal?.aborted) throw new CliError('interrupted: the run was cancelled');
      await new Promise((r) => setTimeout(r, opts.pollMs ?? 500));
    }
  } finally {
    opts.signal?.removeEventListener('abort', cancel);
  }
  if (progress.status !== 'completed') throw new CliError(`the run ended ${progress.status} (${progress.done} of ${progress.total} results)`);

  const report = await client.json<Report>('GET', `${path}/report`);
  const pm = report.primaryMetric;
  const items = await itemValues(client, name, pm.grader, pm.measure);

  const baseline = [];
  if (opts.baseline?.file || opts.baseline?.run) {
    const base = opts.baseline.file ? await readBaselineFile(opts.baseline.file) : await storedBaseline(client, opts.baseline.run!, pm.grader, pm.measure);
    for (const v of report.variants) {
      const against = opts.baseline.variant ?? (base.items[v.name] ? v.name : base.control);
      if (!base.items[against]) throw new CliError(`baseline: it has no variant ${against} (it has ${Object.keys(base.items).join(', ')})`);
      baseline.push(compareWithBaseline(v.name, items[v.name] ?? {}, base.items[against], pm.measure));
    }
  }
  return {
    format: 'switchyard-eval/1',
    experiment: name,
    server: client.baseUrl,
    dataset,
    startedAt: new Date(started).toISOString(),
    seconds: (Date.now() - started) / 1000,
    status: progress.status,
    report,
    items,
    gate: gate(report, c.thresholds, opts.failOn, baseline),
  };
}

async function readBaselineFile(file: string): Promise<{ control: string; items: Record<string, ItemValues> }> {
  let parsed: Partial<EvalResult>;
  try {
    parsed = JSON.parse(await readFile(file, 'utf8')) as Partial<EvalResult>;
  } catch (err) {
    throw new CliError(`baseline: cannot read ${file} (${(err as Error).message})`, EXIT.failure, { cause: err });
  }
  if (parsed.format !== 'switchyard-eval/1' || !parsed.items || !parsed.report)
    throw new CliError(`baseline: ${file} is not a result written by \`switchyard eval --output\``);
  return { control: parsed.report.control, items: parsed.items };
}

async function storedBaseline(client: AdminClient, run: string, grader: string, measure: 'pass_rate' | 'score') {
  const e = await client.json<{ spec?: { control?: string }; control?: string }>('GET', `/api/experiments/${encodeURIComponent(run)}`);
  const items = await itemValues(client, run, grader, measure);
  return { control: e.spec?.control ?? e.control ?? Object.keys(items)[0], items };
}
