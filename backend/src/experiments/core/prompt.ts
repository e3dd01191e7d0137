import type { ChatMessage } from '../../providers/chat-types.js';
import { compileTemplate } from '../../templates/template.js';
import type { PromptTemplate } from './experiment-spec.js';

export interface RunItem {
  idx: number;
  input: Record<string, unknown>;
  expected?: unknown;
  metadata?: Record<string, unknown>;
}

export type PromptBuilder = (item: RunItem) => { ok: true; messages: ChatMessage[] } | { ok: false; error: string };

const text = (v: unknown) => (typeof v === 'string' ? v : JSON.stringify(v));

/**
 * Turns a dataset item into chat messages: the template's messages rendered over the item's variables
 * (also reachable as `input.*`, with `expected` and `metadata`); without a template, the item's own
 * `messages`, or its single variable as the user's message. Templates compile once per variant.
 */
export function promptBuilder(prompt: PromptTemplate | undefined): PromptBuilder {
  if (!prompt) {
    return (item) => {
      if (Array.isArray(item.input.messages)) return { ok: true, messages: item.input.messages as ChatMessage[] };
      const values = Object.values(item.input);
      if (values.length !== 1) return { ok: false, error: `item ${item.idx} has ${values.length} variables and there is no prompt template` };
      return { ok: true, messages: [{ role: 'user', content: text(values[0]) }] };
    };
  }
  const compiled = prompt.messages.map((m) => ({ role: m.role, template: compileTemplate(m.content) }));
  return (item) => {
    const vars = { ...item.input, input: item.input, expected: item.expected, metadata: item.metadata ?? {} };
    const messages: ChatMessage[] = [];
    for (const [i, m] of compiled.entries()) {
      if (!m.template.ok) return { ok: false, error: `prompt message ${i + 1}: ${m.template.error.message}` };
      const r = m.template.render(vars);
      if (!r.ok) return { ok: false, error: `prompt message ${i + 1}, line ${r.error.line}: ${r.error.message}` };
      messages.push({ role: m.role, content: r.text } as ChatMessage);
    }
    return { ok: true, messages };
  };
}
