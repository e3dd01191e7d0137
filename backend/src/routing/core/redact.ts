/**
 * A deep copy of a JSON value with every match of `patterns` in its strings replaced by `[REDACTED]`.
 * Only string leaves are touched, so the result is still the same JSON shape.
 */
export function redact(value: unknown, patterns: readonly RegExp[]): unknown {
  if (typeof value === 'string') {
    let s = value;
    for (const p of patterns) s = s.replace(p, '[REDACTED]');
    return s;
  }
  if (Array.isArray(value)) return value.map((v) => redact(v, patterns));
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = redact(v, patterns);
    return out;
  }
  return value;
}
