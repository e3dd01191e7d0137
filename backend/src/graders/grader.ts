import type { ChatMessage, ToolCall } from '../providers/chat-types.js';

/** Calls a model through the gateway's routing (fallbacks, cost accounting); used by model-graded graders. */
export type JudgeFn = (model: string, messages: ChatMessage[]) => Promise<{ text: string; costUsd?: number }>;

/** Embeds texts through the gateway's providers. */
export type EmbedFn = (model: string, texts: string[]) => Promise<number[][]>;

/** What a grader sees: the model's output, the dataset item, and the call's measurements. */
export interface GradeInput {
  output: string;
  toolCalls?: ToolCall[];
  item: { input: Record<string, unknown>; expected?: unknown; metadata?: Record<string, unknown> };
  latencyMs?: number;
  costUsd?: number;
  outputTokens?: number;
  /** Another variant's output for the same item, for pairwise comparison (the control's, in an experiment). */
  baseline?: string;
  /** What graders may call out to; absent in pure runs (a grader that needs it then reports an error). */
  ctx?: { judge?: JudgeFn; embed?: EmbedFn };
}

export interface GradeResult {
  /** 0..1 */
  score: number;
  pass: boolean;
  reason: string;
}

/**
 * One grader type: a config checked against `schema` (JSON Schema, also what the console builds its form
 * from) and a pure function from output and item to a result. A grader that cannot decide throws a
 * {@link GraderError}; it never returns a silent 0.
 */
export interface GraderType<C = Record<string, unknown>> {
  type: string;
  description: string;
  schema: Record<string, unknown>;
  grade(config: C, x: GradeInput): GradeResult | Promise<GradeResult>;
}

export class GraderError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'GraderError';
  }
}

export const result = (score: number, pass: boolean, reason: string): GradeResult => ({ score: Math.max(0, Math.min(1, score)), pass, reason });

/**
 * The expected answers for an item: the config's own `expected` when set, else the item's; `{any_of: [...]}`
 * means several acceptable answers. Throws when there is none.
 */
export function expectedValues(config: { expected?: unknown }, x: GradeInput): unknown[] {
  const e = config.expected !== undefined ? config.expected : x.item.expected;
  if (e === undefined || e === null) throw new GraderError('no expected answer: the item has none and the grader config sets none');
  if (typeof e === 'object' && !Array.isArray(e) && Array.isArray((e as { any_of?: unknown[] }).any_of)) return (e as { any_of: unknown[] }).any_of;
  return [e];
}

/** The best result over several acceptable answers. */
export function bestOf(values: unknown[], grade: (expected: unknown) => GradeResult): GradeResult {
  let best: GradeResult | undefined;
  for (const v of values) {
    const r = grade(v);
    if (!best || r.score > best.score) best = r;
    if (r.pass && r.score === 1) break;
  }
  return best!;
}

export const show = (v: unknown, max = 80) => {
  const s = typeof v === 'string' ? JSON.stringify(v) : (JSON.stringify(v) ?? String(v));
  return s.length > max ? `${s.slice(0, max)}…` : s;
};
