/** A stored model call of one variant on one item. */
export interface ResultRow {
  variant: string;
  item: number;
  ok: boolean;
  output: string | null;
  toolCalls: unknown;
  errorCode: string | null;
  errorMessage: string | null;
  target: string | null;
  latencyMs: number;
  inputTokens: number;
  outputTokens: number;
  costUsd: number;
}

/** One grader's verdict on one result; `error` when the grader could not decide. */
export interface ScoreRow {
  grader: string;
  variant: string;
  item: number;
  score: number | null;
  pass: boolean | null;
  reason: string;
  error: string | null;
  costUsd: number;
}

/** `($1,$2,…),($n+1,…)` for `rows` rows of `width` parameters. */
export function placeholders(rows: number, width: number): string {
  const out: string[] = [];
  for (let r = 0; r < rows; r++) {
    const cells: string[] = [];
    for (let c = 1; c <= width; c++) cells.push(`$${r * width + c}`);
    out.push(`(${cells.join(',')})`);
  }
  return out.join(',');
}

/** The multi-row INSERT of results; a result already stored (a re-delivered job) is left as it is. Returns the rows it inserted. */
export function insertResults(experimentId: string, rows: ResultRow[]): { sql: string; params: unknown[] } {
  const params = rows.flatMap((r) => [
    experimentId,
    r.variant,
    r.item,
    r.ok,
    r.output,
    r.toolCalls === undefined || r.toolCalls === null ? null : JSON.stringify(r.toolCalls),
    r.errorCode,
    r.errorMessage?.slice(0, 2000) ?? null,
    r.target,
    r.latencyMs,
    r.inputTokens,
    r.outputTokens,
    r.costUsd,
  ]);
  const sql =
    'INSERT INTO experiment_results (experiment_id, variant, item_idx, ok, output, tool_calls, error_code, error_message, target, latency_ms, input_tokens, output_tokens, cost_usd) VALUES ' +
    placeholders(rows.length, 13) +
    ' ON CONFLICT DO NOTHING RETURNING item_idx';
  return { sql, params };
}

/** The multi-row INSERT of scores; unique per (experiment, grader, variant, item). */
export function insertScores(experimentId: string, rows: ScoreRow[]): { sql: string; params: unknown[] } {
  const params = rows.flatMap((s) => [experimentId, s.grader, s.variant, s.item, s.score, s.pass, s.reason.slice(0, 4000), s.error, s.costUsd]);
  const sql =
    'INSERT INTO experiment_scores (experiment_id, grader, variant, item_idx, score, pass, reason, error, cost_usd) VALUES ' +
    placeholders(rows.length, 9) +
    ' ON CONFLICT DO NOTHING';
  return { sql, params };
}
