import type { ErrorDetail } from '../../common/errors/app-error.js';

/** One outcome the application reports for a request: a thumb, a number or a label (or a number and a label). */
export interface Feedback {
  requestId: string;
  metric: string;
  value: number | null;
  label: string | null;
  comment: string | null;
}

const METRIC = /^[a-z0-9][a-z0-9_.-]{0,63}$/;
const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Checks a `POST /v1/feedback` body and names every offending field. `value` is `"up"`/`"down"` or a
 * boolean (stored as 1/0, so a thumbs metric's mean is its approval rate) or a finite number; `metric`
 * defaults to `thumbs`. Pure.
 */
export function parseFeedback(body: unknown): { ok: true; value: Feedback } | { ok: false; details: ErrorDetail[] } {
  if (!isObj(body)) return { ok: false, details: [{ path: 'body', message: 'must be a JSON object' }] };
  const out: ErrorDetail[] = [];
  const known = new Set(['request_id', 'metric', 'value', 'label', 'comment']);
  for (const k of Object.keys(body)) if (!known.has(k)) out.push({ path: k, message: 'is not a feedback field (request_id, metric, value, label, comment)' });
  const id = body.request_id;
  if (typeof id !== 'string' || !id || id.length > 200)
    out.push({ path: 'request_id', message: 'is required: the x-switchyard-request-id of the response (1-200 characters)' });
  const metric = body.metric ?? 'thumbs';
  if (typeof metric !== 'string' || !METRIC.test(metric))
    out.push({ path: 'metric', message: 'must be 1-64 characters of a-z, 0-9, _ . - (starting with a letter or digit)' });
  let value: number | null = null;
  const v = body.value;
  if (v === 'up' || v === true) value = 1;
  else if (v === 'down' || v === false) value = 0;
  else if (typeof v === 'number' && Number.isFinite(v)) value = v;
  else if (v !== undefined && v !== null) out.push({ path: 'value', message: 'must be "up", "down", a boolean or a finite number' });
  const label = body.label ?? null;
  if (label !== null && (typeof label !== 'string' || !label || label.length > 200))
    out.push({ path: 'label', message: 'must be a string of 1-200 characters' });
  const comment = body.comment ?? null;
  if (comment !== null && (typeof comment !== 'string' || comment.length > 4000))
    out.push({ path: 'comment', message: 'must be a string of at most 4,000 characters' });
  if (value === null && label === null && !out.some((d) => d.path === 'value')) out.push({ path: 'value', message: 'give a value or a label' });
  if (out.length) return { ok: false, details: out };
  return { ok: true, value: { requestId: id as string, metric: metric as string, value, label: label as string | null, comment: comment as string | null } };
}
