import type { ErrorDetail } from '../../common/errors/app-error.js';
import type { ChatMessage, ContentPart, ToolCall, ToolChoice, ToolDefinition } from '../../providers/chat-types.js';
import type { GatewayChatRequest } from '../upstream-body.js';

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

type Problems = ErrorDetail[];

/** A text or image block as a content part; anything else is reported under `path`. */
function part(b: Record<string, unknown>, path: string, out: Problems): ContentPart | undefined {
  if (b.type === 'text') {
    if (typeof b.text !== 'string') out.push({ path: `${path}.text`, message: 'must be a string' });
    return { type: 'text', text: String(b.text) };
  }
  if (b.type !== 'image') return void out.push({ path: `${path}.type`, message: "must be 'text' or 'image' here" });
  const s = b.source;
  if (isObj(s) && s.type === 'base64' && typeof s.media_type === 'string' && typeof s.data === 'string') {
    return { type: 'image_url', image_url: { url: `data:${s.media_type};base64,${s.data}` } };
  }
  if (isObj(s) && s.type === 'url' && typeof s.url === 'string') return { type: 'image_url', image_url: { url: s.url } };
  out.push({ path: `${path}.source`, message: "must be {type:'base64', media_type, data} or {type:'url', url}" });
  return undefined;
}

function blocksOf(content: unknown, path: string, out: Problems): Array<Record<string, unknown>> {
  if (typeof content === 'string') return [{ type: 'text', text: content }];
  if (!Array.isArray(content)) {
    out.push({ path, message: 'must be a string or an array of content blocks' });
    return [];
  }
  return content.flatMap((b, j) => (isObj(b) ? [{ ...b, _path: `${path}.${j}` }] : (out.push({ path: `${path}.${j}`, message: 'must be an object' }), [])));
}

/** Text parts only become a plain string (what every OpenAI-compatible server accepts); images keep the array. */
function flatten(parts: ContentPart[]): string | ContentPart[] {
  return parts.every((p) => p.type === 'text') ? parts.map((p) => (p as { text: string }).text).join('') : parts;
}

function toolResult(b: Record<string, unknown>, path: string, out: Problems): ChatMessage {
  if (typeof b.tool_use_id !== 'string' || !b.tool_use_id) out.push({ path: `${path}.tool_use_id`, message: 'is required' });
  const parts = b.content === undefined ? [] : blocksOf(b.content, `${path}.content`, out).flatMap((x) => part(x, x._path as string, out) ?? []);
  // OpenAI has no error flag on a tool result: say it in the text, as the model would read it.
  const content = b.is_error === true ? flatten([{ type: 'text', text: 'Error: ' }, ...parts]) : flatten(parts);
  return { role: 'tool', tool_call_id: String(b.tool_use_id), content };
}

function userTurn(blocks: Array<Record<string, unknown>>, out: Problems): ChatMessage[] {
  // Tool results answer the previous assistant turn, so they come first, each as its own tool message.
  const results = blocks.filter((b) => b.type === 'tool_result').map((b) => toolResult(b, b._path as string, out));
  const parts = blocks.filter((b) => b.type !== 'tool_result').flatMap((b) => part(b, b._path as string, out) ?? []);
  return parts.length > 0 ? [...results, { role: 'user', content: flatten(parts) }] : results;
}

function assistantTurn(blocks: Array<Record<string, unknown>>, out: Problems): ChatMessage {
  let text = '';
  const calls: ToolCall[] = [];
  for (const b of blocks) {
    const path = b._path as string;
    if (b.type === 'text') {
      if (typeof b.text !== 'string') out.push({ path: `${path}.text`, message: 'must be a string' });
      else text += b.text;
    } else if (b.type === 'tool_use') {
      if (typeof b.id !== 'string' || typeof b.name !== 'string') out.push({ path, message: 'a tool_use block needs id and name' });
      else if (!isObj(b.input)) out.push({ path: `${path}.input`, message: 'must be an object' });
      else calls.push({ id: b.id, type: 'function', function: { name: b.name, arguments: JSON.stringify(b.input) } });
    } else if (b.type !== 'thinking' && b.type !== 'redacted_thinking') {
      // Earlier thinking is dropped: other providers cannot take it back. Anything else is refused.
      out.push({ path: `${path}.type`, message: "must be 'text' or 'tool_use' in an assistant message" });
    }
  }
  return { role: 'assistant', content: text || (calls.length ? null : ''), ...(calls.length ? { tool_calls: calls } : {}) };
}

function system(v: unknown, out: Problems): ChatMessage[] {
  if (v === undefined) return [];
  if (typeof v === 'string') return v ? [{ role: 'system', content: v }] : [];
  if (!Array.isArray(v) || !v.every((b) => isObj(b) && b.type === 'text' && typeof b.text === 'string')) {
    out.push({ path: 'system', message: 'must be a string or an array of text blocks' });
    return [];
  }
  const text = v.map((b) => (b as { text: string }).text).join('\n\n');
  return text ? [{ role: 'system', content: text }] : [];
}

function tools(v: unknown, out: Problems): ToolDefinition[] | undefined {
  if (v === undefined) return undefined;
  if (!Array.isArray(v)) return void out.push({ path: 'tools', message: 'must be an array' });
  return v.flatMap((t, i): ToolDefinition[] => {
    if (!isObj(t) || typeof t.name !== 'string' || !t.name) return (out.push({ path: `tools.${i}.name`, message: 'is required' }), []);
    // Anthropic's server tools (web search, code execution…) have a versioned type and run at Anthropic only.
    if (t.type !== undefined && t.type !== 'custom')
      return (out.push({ path: `tools.${i}.type`, message: 'only client tools (name, input_schema) are supported' }), []);
    if (!isObj(t.input_schema)) return (out.push({ path: `tools.${i}.input_schema`, message: 'is required and must be a JSON Schema object' }), []);
    const fn = { name: t.name, parameters: t.input_schema, ...(typeof t.description === 'string' ? { description: t.description } : {}) };
    return [{ type: 'function', function: fn }];
  });
}

function toolChoice(v: unknown, out: Problems): { choice?: ToolChoice; parallel?: false } {
  if (v === undefined) return {};
  if (!isObj(v)) return (out.push({ path: 'tool_choice', message: 'must be an object' }), {});
  const parallel = v.disable_parallel_tool_use === true ? { parallel: false as const } : {};
  switch (v.type) {
    case 'auto':
      return { choice: 'auto', ...parallel };
    case 'any':
      return { choice: 'required', ...parallel };
    case 'none':
      return { choice: 'none' };
    case 'tool':
      if (typeof v.name === 'string' && v.name) return { choice: { type: 'function', function: { name: v.name } }, ...parallel };
      out.push({ path: 'tool_choice.name', message: 'is required when type is tool' });
      return {};
    default:
      out.push({ path: 'tool_choice.type', message: "must be 'auto', 'any', 'tool' or 'none'" });
      return {};
  }
}

function numberIn(body: Record<string, unknown>, key: string, min: number, max: number, out: Problems): number | undefined {
  const v = body[key];
  if (v === undefined) return undefined;
  if (!isNum(v) || v < min || v > max) out.push({ path: key, message: `must be a number between ${min} and ${max}` });
  return v as number;
}

/**
 * Checks an Anthropic Messages request and translates it into the gateway's internal chat request, naming
 * every offending field the way Anthropic does (`messages.0.content.1.type`). `top_k` has no equivalent
 * in the internal request and is dropped; earlier `thinking` blocks are dropped.
 */
export function parseMessagesRequest(body: unknown): { ok: true; value: GatewayChatRequest } | { ok: false; details: ErrorDetail[] } {
  if (!isObj(body)) return { ok: false, details: [{ path: 'body', message: 'must be a JSON object' }] };
  const out: Problems = [];
  if (typeof body.model !== 'string' || !body.model) out.push({ path: 'model', message: 'is required and must be a non-empty string' });
  const mt = body.max_tokens;
  if (mt === undefined) out.push({ path: 'max_tokens', message: 'is required' });
  else if (!Number.isInteger(mt) || (mt as number) < 1) out.push({ path: 'max_tokens', message: 'must be a positive integer' });
  const messages: ChatMessage[] = system(body.system, out);
  if (!Array.isArray(body.messages) || body.messages.length === 0) out.push({ path: 'messages', message: 'must be a non-empty array' });
  else
    body.messages.forEach((m, i) => {
      const path = `messages.${i}`;
      if (!isObj(m)) return void out.push({ path, message: 'must be an object' });
      if (m.role !== 'user' && m.role !== 'assistant') return void out.push({ path: `${path}.role`, message: "must be 'user' or 'assistant'" });
      const blocks = blocksOf(m.content, `${path}.content`, out);
      if (m.role === 'user') messages.push(...userTurn(blocks, out));
      else messages.push(assistantTurn(blocks, out));
    });
  const temperature = numberIn(body, 'temperature', 0, 1, out);
  const top_p = numberIn(body, 'top_p', 0, 1, out);
  if (body.top_k !== undefined && (!Number.isInteger(body.top_k) || (body.top_k as number) < 0))
    out.push({ path: 'top_k', message: 'must be a non-negative integer' });
  const stop = body.stop_sequences;
  if (stop !== undefined && !(Array.isArray(stop) && stop.every((s) => typeof s === 'string' && s)))
    out.push({ path: 'stop_sequences', message: 'must be an array of non-empty strings' });
  if (body.stream !== undefined && typeof body.stream !== 'boolean') out.push({ path: 'stream', message: 'must be a boolean' });
  const meta = body.metadata;
  if (meta !== undefined && !(isObj(meta) && (meta.user_id === undefined || meta.user_id === null || typeof meta.user_id === 'string')))
    out.push({ path: 'metadata.user_id', message: 'must be a string' });
  const defs = tools(body.tools, out);
  const { choice, parallel } = toolChoice(body.tool_choice, out);
  if (out.length > 0) return { ok: false, details: out };

  const req: GatewayChatRequest = { model: body.model as string, messages, max_tokens: mt as number };
  if (defs?.length) req.tools = defs;
  // Without tools OpenAI refuses a tool_choice; `none` without tools means what no tools already means.
  if (choice && defs?.length) req.tool_choice = choice;
  if (parallel === false && defs?.length) req.parallel_tool_calls = false;
  if (temperature !== undefined) req.temperature = temperature;
  if (top_p !== undefined) req.top_p = top_p;
  if (Array.isArray(stop) && stop.length > 0) req.stop = stop as string[];
  if (body.stream === true) req.stream = true;
  const user = isObj(meta) && typeof meta.user_id === 'string' && meta.user_id ? meta.user_id : undefined;
  if (user) req.user = user;
  return { ok: true, value: req };
}
