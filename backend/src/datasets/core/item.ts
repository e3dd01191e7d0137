import type { ErrorDetail } from '../../common/errors/app-error.js';

/** One evaluation item: chat `messages` or template variables as input, an optional expected answer. */
export interface DatasetItem {
  /** A stable id from the file, when it has one. */
  id?: string;
  input: { messages: Array<{ role: string; content: unknown }> } | Record<string, unknown>;
  /** A string, any JSON value, or `{ "any_of": [...] }` for several acceptable answers. */
  expected?: unknown;
  metadata?: Record<string, unknown>;
}

const ROLES = new Set(['system', 'developer', 'user', 'assistant', 'tool']);
const FIELDS = new Set(['id', 'input', 'expected', 'metadata']);
const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Checks one parsed record as a dataset item and names every problem by field. `where` prefixes each
 * detail (`line 7`, `row 3`, `item 12`).
 */
export function checkItem(raw: unknown, where: string): { ok: true; item: DatasetItem } | { ok: false; problems: ErrorDetail[] } {
  const problems: ErrorDetail[] = [];
  const at = (field: string, message: string) => problems.push({ path: `${where}: ${field}`, message });
  if (!isObj(raw)) {
    problems.push({ path: where, message: 'must be a JSON object with `input` (and optionally `expected`, `metadata`, `id`)' });
    return { ok: false, problems };
  }
  for (const k of Object.keys(raw)) if (!FIELDS.has(k)) at(k, 'is not an item field (expected id, input, expected, metadata)');
  const { input, metadata, id } = raw;
  if (input === undefined) at('input', 'is required');
  else if (!isObj(input)) at('input', 'must be an object: {"messages": [...]} or template variables');
  else if ('messages' in input) {
    const msgs = input.messages;
    if (!Array.isArray(msgs) || msgs.length === 0) at('input.messages', 'must be a non-empty array');
    else
      msgs.forEach((m, i) => {
        if (!isObj(m)) return void at(`input.messages[${i}]`, 'must be an object with role and content');
        if (!ROLES.has(m.role as string)) at(`input.messages[${i}].role`, 'must be one of system, developer, user, assistant, tool');
        if (m.content === undefined) at(`input.messages[${i}].content`, 'is required');
      });
  } else if (Object.keys(input).length === 0) at('input', 'has no variables');
  if (metadata !== undefined && !isObj(metadata)) at('metadata', 'must be an object');
  if (id !== undefined && typeof id !== 'string' && typeof id !== 'number') at('id', 'must be a string');
  if (isObj(raw.expected) && 'any_of' in raw.expected && (!Array.isArray(raw.expected.any_of) || raw.expected.any_of.length === 0)) {
    at('expected.any_of', 'must be a non-empty array of acceptable answers');
  }
  if (problems.length) return { ok: false, problems };
  const item: DatasetItem = { input: input as DatasetItem['input'] };
  if (id !== undefined) item.id = String(id);
  if (raw.expected !== undefined) item.expected = raw.expected;
  if (metadata !== undefined) item.metadata = metadata as Record<string, unknown>;
  return { ok: true, item };
}

/** What a version's stats show: the input variables (or `messages`), whether items have expected answers, metadata keys. */
export class FieldStats {
  readonly input = new Map<string, number>();
  readonly metadata = new Map<string, number>();
  withExpected = 0;

  add(item: DatasetItem): void {
    for (const k of Object.keys(item.input)) this.input.set(k, (this.input.get(k) ?? 0) + 1);
    for (const k of Object.keys(item.metadata ?? {})) this.metadata.set(k, (this.metadata.get(k) ?? 0) + 1);
    if (item.expected !== undefined) this.withExpected++;
  }

  toJSON(): { input: Record<string, number>; metadata: Record<string, number>; withExpected: number } {
    return { input: Object.fromEntries(this.input), metadata: Object.fromEntries(this.metadata), withExpected: this.withExpected };
  }
}
