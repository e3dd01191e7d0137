import type { ChatResponse, FinishReason, Usage } from '../../providers/chat-types.js';
import type { AnthropicResponse, AnthropicTextBlock, AnthropicToolUseBlock } from '../../providers/anthropic/anthropic.types.js';

/** An Anthropic message id for a gateway request: `msg_` and the request id, so the two can be matched. */
export const messageId = (requestId: string): string => `msg_${requestId.replace(/[^A-Za-z0-9]/g, '')}`;

/**
 * OpenAI's finish reason as Anthropic's stop reason. `stop` is `end_turn`: the internal format does not say
 * whether a stop sequence ended the turn, so `stop_sequence` is never reported.
 */
export function stopReason(finish: FinishReason | null | undefined): 'end_turn' | 'max_tokens' | 'tool_use' | 'refusal' {
  switch (finish) {
    case 'length':
      return 'max_tokens';
    case 'tool_calls':
      return 'tool_use';
    case 'content_filter':
      return 'refusal';
    default:
      return 'end_turn';
  }
}

/** Anthropic counts cached prompt tokens apart from `input_tokens`; OpenAI's `prompt_tokens` includes them. */
export function anthropicUsage(u: Usage | undefined): {
  input_tokens: number;
  output_tokens: number;
  cache_read_input_tokens: number;
  cache_creation_input_tokens: number;
} {
  const cached = u?.prompt_tokens_details?.cached_tokens ?? 0;
  return {
    input_tokens: Math.max(0, (u?.prompt_tokens ?? 0) - cached),
    output_tokens: u?.completion_tokens ?? 0,
    cache_read_input_tokens: cached,
    cache_creation_input_tokens: 0,
  };
}

/** A tool call's arguments as Anthropic's `input` object; arguments that are not a JSON object are kept as text. */
export function toolInput(args: string): Record<string, unknown> {
  try {
    const v: unknown = JSON.parse(args || '{}');
    if (v !== null && typeof v === 'object' && !Array.isArray(v)) return v as Record<string, unknown>;
  } catch {
    /* model output is untrusted: fall through */
  }
  return { _raw_arguments: args };
}

/** The internal chat completion as an Anthropic Message: text first, then one `tool_use` block per call. */
export function toAnthropicMessage(res: ChatResponse, id: string, model: string): AnthropicResponse {
  const choice = res.choices[0];
  const content: Array<AnthropicTextBlock | AnthropicToolUseBlock> = [];
  const text = choice?.message.content;
  if (text) content.push({ type: 'text', text });
  for (const call of choice?.message.tool_calls ?? []) {
    content.push({ type: 'tool_use', id: call.id, name: call.function.name, input: toolInput(call.function.arguments) });
  }
  return {
    id,
    type: 'message',
    role: 'assistant',
    model,
    content,
    stop_reason: stopReason(choice?.finish_reason),
    stop_sequence: null,
    usage: anthropicUsage(res.usage),
  };
}
