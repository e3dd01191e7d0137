// Dataset items and model outputs are shown as text (Vue interpolation), never as HTML: they are untrusted.

/** An item's input: its chat messages one per line ("user: …"), or its variables ("question: …"). */
export function describeInput(input: Record<string, unknown>): string {
  const messages = input.messages;
  if (Array.isArray(messages)) {
    const list = messages as Array<{ role?: unknown; content?: unknown }>;
    if (list.length === 1 && list[0]?.role === 'user') return text(list[0].content);
    return list.map((m) => `${String(m.role ?? '?')}: ${text(m.content)}`).join('\n');
  }
  return Object.entries(input)
    .map(([k, v]) => `${k}: ${text(v)}`)
    .join('\n');
}

/** The expected answer: a string as it is, `{any_of: [...]}` as a list, anything else as JSON. */
export function describeExpected(expected: unknown): string {
  if (expected === undefined || expected === null) return '—';
  const anyOf = (expected as { any_of?: unknown }).any_of;
  if (Array.isArray(anyOf)) return `any of: ${anyOf.map(text).join(', ')}`;
  return text(expected);
}

function text(v: unknown): string {
  return typeof v === 'string' ? v : JSON.stringify(v);
}
