import type { ChatMessage, ChatRequest, ChatResponse, ContentPart, FinishReason, ResponseFormat, ToolCall, ToolChoice, Usage } from '../chat-types.js';
import { ProviderError } from '../provider-error.js';
import type {
  AnthropicContentBlock,
  AnthropicImageBlock,
  AnthropicMessage,
  AnthropicRequest,
  AnthropicResponse,
  AnthropicTextBlock,
  AnthropicToolChoice,
  AnthropicUsage,
} from './anthropic.types.js';

/** Anthropic requires `max_tokens`; OpenAI callers usually leave it out. */
export const DEFAULT_MAX_TOKENS = 4096;

function badRequest(message: string): ProviderError {
  return new ProviderError('bad_request', `anthropic: ${message}`);
}

function textOf(content: ChatMessage['content']): string {
  if (typeof content === 'string') return content;
  return (content ?? []).map((p) => (p.type === 'text' ? p.text : '')).join('');
}

const DATA_URL = /^data:([^;,]+)(?:;[^;,]*)*;base64,(.*)$/s;

function imageBlock(url: string, where: string): AnthropicImageBlock {
  const data = DATA_URL.exec(url);
  if (data) return { type: 'image', source: { type: 'base64', media_type: data[1], data: data[2] } };
  if (/^https?:\/\//i.test(url)) return { type: 'image', source: { type: 'url', url } };
  throw badRequest(`${where}: image_url must be a base64 data: URL or an http(s) URL`);
}

function partBlocks(content: ChatMessage['content'], where: string): Array<AnthropicTextBlock | AnthropicImageBlock> {
  // Anthropic rejects empty text blocks, so empty strings are dropped rather than sent.
  if (typeof content === 'string') return content ? [{ type: 'text', text: content }] : [];
  return (content ?? []).flatMap((p: ContentPart, j): Array<AnthropicTextBlock | AnthropicImageBlock> => {
    if (p.type === 'text') return p.text ? [{ type: 'text', text: p.text }] : [];
    if (p.type === 'image_url') return [imageBlock(p.image_url.url, `${where}.content[${j}]`)];
    return [];
  });
}

function toolUseBlocks(m: ChatMessage, i: number): AnthropicContentBlock[] {
  return (m.tool_calls ?? []).map((call, j) => {
    let input: unknown;
    try {
      input = JSON.parse(call.function.arguments || '{}');
    } catch {
      throw badRequest(`messages[${i}].tool_calls[${j}].function.arguments is not valid JSON`);
    }
    if (input === null || typeof input !== 'object' || Array.isArray(input)) {
      throw badRequest(`messages[${i}].tool_calls[${j}].function.arguments must be a JSON object`);
    }
    return { type: 'tool_use', id: call.id, name: call.function.name, input };
  });
}

function convertMessage(m: ChatMessage, i: number): AnthropicMessage {
  const where = `messages[${i}]`;
  if (m.role === 'tool') {
    if (!m.tool_call_id) throw badRequest(`${where}: a tool message needs tool_call_id`);
    const content = typeof m.content === 'string' || m.content === null ? (m.content ?? '') : partBlocks(m.content, where);
    return { role: 'user', content: [{ type: 'tool_result', tool_use_id: m.tool_call_id, content }] };
  }
  if (m.role === 'assistant') return { role: 'assistant', content: [...partBlocks(m.content, where), ...toolUseBlocks(m, i)] };
  return { role: 'user', content: partBlocks(m.content, where) };
}

/** Anthropic wants strict user/assistant alternation, and a user turn's tool results before its other blocks. */
function appendMerged(out: AnthropicMessage[], next: AnthropicMessage): void {
  if (next.content.length === 0) return;
  const last = out[out.length - 1];
  if (!last || last.role !== next.role) {
    out.push(next);
    return;
  }
  const blocks = [...last.content, ...next.content];
  last.content = next.role === 'user' ? [...blocks.filter((b) => b.type === 'tool_result'), ...blocks.filter((b) => b.type !== 'tool_result')] : blocks;
}

/**
 * Anthropic has no JSON mode, so `response_format` becomes a system instruction. The model follows it
 * reliably but nothing enforces it upstream: callers that need a guarantee must still validate the output.
 */
export function jsonInstruction(format: ResponseFormat | undefined): string | undefined {
  if (!format || format.type === 'text') return undefined;
  const base = 'Respond with only a single valid JSON object: no Markdown code fences and no text before or after it.';
  if (format.type === 'json_object') return base;
  const { schema, description, name } = format.json_schema;
  const about = description ? ` (${name}: ${description})` : '';
  return schema ? `${base} The object must conform to this JSON Schema${about}:\n${JSON.stringify(schema)}` : base;
}

function toolChoice(choice: ToolChoice | undefined, parallel: boolean | undefined): AnthropicToolChoice | undefined {
  const noParallel = parallel === false ? { disable_parallel_tool_use: true } : {};
  if (choice === 'none') return { type: 'none' };
  if (choice === 'required') return { type: 'any', ...noParallel };
  if (typeof choice === 'object') return { type: 'tool', name: choice.function.name, ...noParallel };
  if (choice === 'auto' || parallel === false) return { type: 'auto', ...noParallel };
  return undefined;
}

/**
 * Translates an OpenAI chat-completions request into an Anthropic Messages request: system and developer
 * messages become the top-level `system`, tool calls and results become `tool_use` / `tool_result` blocks,
 * same-role neighbours are merged, and `response_format` becomes a system instruction.
 * Throws a `bad_request` ProviderError for input Anthropic cannot express.
 */
export function toAnthropicRequest(req: ChatRequest, opts: { stream?: boolean } = {}): AnthropicRequest {
  if (req.n !== undefined && req.n > 1) throw badRequest('n > 1 is not supported');
  const system: string[] = [];
  const messages: AnthropicMessage[] = [];
  req.messages.forEach((m, i) => {
    if (m.role === 'system' || m.role === 'developer') {
      const text = textOf(m.content);
      if (text) system.push(text);
    } else {
      appendMerged(messages, convertMessage(m, i));
    }
  });
  const json = jsonInstruction(req.response_format);
  if (json) system.push(json);

  const out: AnthropicRequest = { model: req.model, messages, max_tokens: req.max_completion_tokens ?? req.max_tokens ?? DEFAULT_MAX_TOKENS };
  if (system.length > 0) out.system = system.join('\n\n');
  if (req.tools?.length) {
    out.tools = req.tools.map((t) => ({
      name: t.function.name,
      ...(t.function.description ? { description: t.function.description } : {}),
      input_schema: t.function.parameters ?? { type: 'object', properties: {} },
    }));
    const choice = toolChoice(req.tool_choice, req.parallel_tool_calls);
    if (choice) out.tool_choice = choice;
  }
  if (req.temperature !== undefined) out.temperature = req.temperature;
  if (req.top_p !== undefined) out.top_p = req.top_p;
  if (req.stop !== undefined) out.stop_sequences = typeof req.stop === 'string' ? [req.stop] : req.stop;
  if (req.user) out.metadata = { user_id: req.user };
  if (opts.stream) out.stream = true;
  return out;
}

/** Maps Anthropic's `stop_reason` to OpenAI's `finish_reason`. */
export function mapStopReason(reason: string | null | undefined): FinishReason | null {
  switch (reason) {
    case null:
    case undefined:
      return null;
    case 'max_tokens':
    case 'model_context_window_exceeded':
      return 'length';
    case 'tool_use':
      return 'tool_calls';
    case 'refusal':
      return 'content_filter';
    default:
      // end_turn, stop_sequence, pause_turn and any reason added later: the turn ended normally.
      return 'stop';
  }
}

/** Anthropic's `input_tokens` excludes cached prompt tokens; OpenAI's `prompt_tokens` includes them. */
export function mapUsage(u: AnthropicUsage): Usage {
  const cached = u.cache_read_input_tokens ?? 0;
  const prompt_tokens = (u.input_tokens ?? 0) + cached + (u.cache_creation_input_tokens ?? 0);
  const completion_tokens = u.output_tokens ?? 0;
  return { prompt_tokens, completion_tokens, total_tokens: prompt_tokens + completion_tokens, prompt_tokens_details: { cached_tokens: cached } };
}

/** Translates an Anthropic Messages response into an OpenAI chat completion. */
export function fromAnthropicResponse(res: AnthropicResponse, now = Date.now()): ChatResponse {
  const texts: string[] = [];
  const toolCalls: ToolCall[] = [];
  for (const block of res.content) {
    if (block.type === 'text') texts.push((block as AnthropicTextBlock).text);
    else if (block.type === 'tool_use') {
      const { id, name, input } = block as { id: string; name: string; input: unknown };
      toolCalls.push({ id, type: 'function', function: { name, arguments: JSON.stringify(input ?? {}) } });
    }
  }
  return {
    id: res.id,
    object: 'chat.completion',
    created: Math.floor(now / 1000),
    model: res.model,
    choices: [
      {
        index: 0,
        message: { role: 'assistant', content: texts.length > 0 ? texts.join('') : null, ...(toolCalls.length > 0 ? { tool_calls: toolCalls } : {}) },
        finish_reason: mapStopReason(res.stop_reason),
        logprobs: null,
      },
    ],
    usage: mapUsage(res.usage ?? {}),
  };
}
