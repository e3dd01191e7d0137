import { encode } from 'gpt-tokenizer';
import type { ChatMessage, ChatResponse, Usage } from './chat-types.js';

/** Tokens of a text with the o200k encoding (GPT-4o family): an estimate for providers that report no usage. */
export function countTextTokens(text: string): number {
  return text ? encode(text).length : 0;
}

function messageText(m: ChatMessage): string {
  const parts = typeof m.content === 'string' ? [m.content] : (m.content ?? []).map((p) => (p.type === 'text' ? p.text : ''));
  for (const t of m.tool_calls ?? []) parts.push(t.function.name, t.function.arguments);
  return parts.join('\n');
}

/** Prompt tokens of a conversation, with OpenAI's per-message overhead (3 tokens each, 3 to prime the reply). */
export function countPromptTokens(messages: ChatMessage[]): number {
  return messages.reduce((n, m) => n + 3 + countTextTokens(messageText(m)), 3);
}

/** Usage computed locally from the prompt and the completion text. */
export function estimateUsage(messages: ChatMessage[], completion: string): Usage {
  const prompt_tokens = countPromptTokens(messages);
  const completion_tokens = countTextTokens(completion);
  return { prompt_tokens, completion_tokens, total_tokens: prompt_tokens + completion_tokens };
}

/** The completion text of a response (content plus tool-call arguments), for local counting. */
export function completionText(res: ChatResponse): string {
  const m = res.choices[0]?.message;
  return [m?.content ?? '', ...(m?.tool_calls ?? []).map((t) => t.function.name + t.function.arguments)].join('');
}
