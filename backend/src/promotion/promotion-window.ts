import type { EntityManager } from 'typeorm';
import type { TargetWindow } from './core/ramp.js';

const n = (v: unknown) => (v === null || v === undefined ? 0 : Number(v));

/**
 * The promoted model and the route's other targets over a window of the request log: attempts and
 * failures per target from each request's attempt list (a failed try that fell back still counts against
 * its target), and answered requests with their latency p95.
 */
export async function targetWindows(
  m: EntityManager,
  route: string,
  model: string,
  from: Date,
  to?: Date,
  feedbackMetric = 'thumbs',
): Promise<{ candidate: TargetWindow; old: TargetWindow }> {
  const until = to ?? new Date(Date.now() + 60_000);
  const attempts: Array<{ cand: boolean; attempts: string; failures: string }> = await m.query(
    `SELECT (a->>'target') = $3 AS cand, count(*) AS attempts, count(*) FILTER (WHERE a ? 'error') AS failures
       FROM request_logs r, jsonb_array_elements(r.attempts) a
      WHERE r.route = $1 AND r.at >= $2 AND r.at < $4 AND NOT (a ? 'skipped')
      GROUP BY 1`,
    [route, from, model, until],
  );
  const answered: Array<{ cand: boolean; answered: string; p95: number | null }> = await m.query(
    `SELECT target = $3 AS cand, count(*) AS answered, percentile_cont(0.95) WITHIN GROUP (ORDER BY latency_ms) AS p95
       FROM request_logs WHERE route = $1 AND at >= $2 AND at < $4 AND status < 400
      GROUP BY 1`,
    [route, from, model, until],
  );
  // Feedback (thumbs: 1 up, 0 down) joins by request id and the key that made the request.
  const feedback: Array<{ cand: boolean; n: string; mean: number | null }> = await m.query(
    `SELECT r.target = $3 AS cand, count(*) AS n, avg(f.value) AS mean
       FROM request_logs r JOIN feedback f ON f.request_id = r.request_id AND f.key_id IS NOT DISTINCT FROM r.key_id
      WHERE r.route = $1 AND r.at >= $2 AND r.at < $4 AND r.status < 400 AND f.metric = $5 AND f.value IS NOT NULL
      GROUP BY 1`,
    [route, from, model, until, feedbackMetric],
  );
  const side = (cand: boolean): TargetWindow => {
    const a = attempts.find((r) => r.cand === cand);
    const b = answered.find((r) => r.cand === cand);
    const f = feedback.find((r) => r.cand === cand);
    return {
      ...(f ? { feedback: { n: n(f.n), mean: Number(f.mean ?? 0) } } : {}),
      attempts: n(a?.attempts),
      failures: n(a?.failures),
      answered: n(b?.answered),
      p95: b?.p95 === null || b?.p95 === undefined ? null : Number(b.p95),
    };
  };
  return { candidate: side(true), old: side(false) };
}
