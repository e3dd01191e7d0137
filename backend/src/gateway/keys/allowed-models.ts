/** Whether `model` (a route alias or `provider/model`) is in a key's allow-list; entries ending in `*` match by prefix. */
export function isAllowed(allowed: readonly string[] | undefined, model: string): boolean {
  if (!allowed) return true;
  for (const a of allowed) {
    if (a.endsWith('*') ? model.startsWith(a.slice(0, -1)) : a === model) return true;
  }
  return false;
}
