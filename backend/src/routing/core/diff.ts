export interface Change {
  /** e.g. `fallback.maxAttempts`, `targets[openai/gpt-4o].weight` */
  path: string;
  op: 'added' | 'removed' | 'changed';
  from?: unknown;
  to?: unknown;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Arrays of objects that each carry a distinct `model` are matched by model, so reordering is not a change. */
function keyed(list: unknown[]): Map<string, unknown> | undefined {
  const m = new Map<string, unknown>();
  for (const item of list) {
    if (!isObject(item) || typeof item.model !== 'string' || m.has(item.model)) return undefined;
    m.set(item.model, item);
  }
  return m;
}

/**
 * A readable structural diff of two JSON values (two route versions): one change per leaf that was added,
 * removed or changed. Pure and deterministic (keys in sorted order).
 */
export function diffJson(from: unknown, to: unknown, path = ''): Change[] {
  if (Object.is(from, to)) return [];
  if (Array.isArray(from) && Array.isArray(to)) {
    const a = keyed(from);
    const b = keyed(to);
    if (a && b) {
      const out: Change[] = [];
      for (const k of [...new Set([...a.keys(), ...b.keys()])].sort()) {
        const p = `${path}[${k}]`;
        if (!a.has(k)) out.push({ path: p, op: 'added', to: b.get(k) });
        else if (!b.has(k)) out.push({ path: p, op: 'removed', from: a.get(k) });
        else out.push(...diffJson(a.get(k), b.get(k), p));
      }
      return out;
    }
    const out: Change[] = [];
    for (let i = 0; i < Math.max(from.length, to.length); i++) {
      const p = `${path}[${i}]`;
      if (i >= from.length) out.push({ path: p, op: 'added', to: to[i] });
      else if (i >= to.length) out.push({ path: p, op: 'removed', from: from[i] });
      else out.push(...diffJson(from[i], to[i], p));
    }
    return out;
  }
  if (isObject(from) && isObject(to)) {
    const out: Change[] = [];
    for (const k of [...new Set([...Object.keys(from), ...Object.keys(to)])].sort()) {
      const p = path ? `${path}.${k}` : k;
      if (!(k in from) || from[k] === undefined) {
        if (to[k] !== undefined) out.push({ path: p, op: 'added', to: to[k] });
      } else if (!(k in to) || to[k] === undefined) out.push({ path: p, op: 'removed', from: from[k] });
      else out.push(...diffJson(from[k], to[k], p));
    }
    return out;
  }
  return [{ path: path || '.', op: 'changed', from, to }];
}
