import type { ErrorDetail } from '../common/errors/app-error.js';
import type { ChatRequest } from '../providers/chat-types.js';

const ROLES = new Set(['system', 'developer', 'user', 'assistant', 'tool']);
const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isInt = (v: unknown) => typeof v === 'number' && Number.isInteger(v);

function num(body: Record<string, unknown>, key: string, min: number, max: number, out: ErrorDetail[]): void {
  const v = body[key];
  if (v === undefined || v === null) return;
  if (typeof v !== 'number' || Number.isNaN(v)) out.push({ path: key, message: 'must be a number' });
  else if (v < min || v > max) out.push({ path: key, message: `must be between ${min} and ${max}` });
}

function content(m: Record<string, unknown>, i: number, out: ErrorDetail[]): void {
  const c = m.content;
  const path = `messages[${i}].content`;
  if (c === null || c === undefined) {
    if (!(m.role === 'assistant' && Array.isArray(m.tool_calls))) out.push({ path, message: 'is required' });
    return;
  }
  if (typeof c === 'string') return;
  if (!Array.isArray(c)) return void out.push({ path, message: 'must be a string or an array of content parts' });
  c.forEach((p, j) => {
    if (!isObj(p)) return void out.push({ path: `${path}[${j}]`, message: 'must be an object' });
    if (p.type === 'text') {
      if (typeof p.text !== 'string') out.push({ path: `${path}[${j}].text`, message: 'must be a string' });
    } else if (p.type === 'image_url') {
      if (!isObj(p.image_url) || typeof p.image_url.url !== 'string') out.push({ path: `${path}[${j}].image_url.url`, message: 'must be a string' });
    } else out.push({ path: `${path}[${j}].type`, message: "must be 'text' or 'image_url'" });
  });
}

/**
 * Checks a chat-completions body the way OpenAI does and names every offending field. Unknown fields
 * pass through (OpenAI-compatible upstreams may accept them); `n` other than 1 is refused.
 */
export function validateChatRequest(body: unknown): { ok: true; value: ChatRequest } | { ok: false; details: ErrorDetail[] } {
  const out: ErrorDetail[] = [];
  if (!isObj(body)) return { ok: false, details: [{ path: 'body', message: 'must be a JSON object' }] };
  if (typeof body.model !== 'string' || body.model === '') out.push({ path: 'model', message: 'is required and must be a non-empty string' });
  if (!Array.isArray(body.messages) || body.messages.length === 0) out.push({ path: 'messages', message: 'must be a non-empty array' });
  else
    body.messages.forEach((m, i) => {
      if (!isObj(m)) return void out.push({ path: `messages[${i}]`, message: 'must be an object' });
      if (!ROLES.has(m.role as string)) out.push({ path: `messages[${i}].role`, message: "must be one of 'system', 'developer', 'user', 'assistant', 'tool'" });
      content(m, i, out);
      if (m.role === 'tool' && typeof m.tool_call_id !== 'string') out.push({ path: `messages[${i}].tool_call_id`, message: 'is required for tool messages' });
      if (m.tool_calls !== undefined && !Array.isArray(m.tool_calls)) out.push({ path: `messages[${i}].tool_calls`, message: 'must be an array' });
    });
  if (body.tools !== undefined) {
    if (!Array.isArray(body.tools)) out.push({ path: 'tools', message: 'must be an array' });
    else
      body.tools.forEach((t, i) => {
        if (!isObj(t) || t.type !== 'function' || !isObj(t.function) || typeof t.function.name !== 'string') {
          out.push({ path: `tools[${i}]`, message: "must be {type:'function', function:{name, parameters}}" });
        }
      });
  }
  num(body, 'temperature', 0, 2, out);
  num(body, 'top_p', 0, 1, out);
  num(body, 'presence_penalty', -2, 2, out);
  num(body, 'frequency_penalty', -2, 2, out);
  for (const k of ['max_tokens', 'max_completion_tokens']) {
    if (body[k] !== undefined && body[k] !== null && (!isInt(body[k]) || (body[k] as number) < 1)) out.push({ path: k, message: 'must be a positive integer' });
  }
  if (body.n !== undefined && body.n !== null && body.n !== 1) out.push({ path: 'n', message: 'only n=1 is supported' });
  if (body.seed !== undefined && body.seed !== null && !isInt(body.seed)) out.push({ path: 'seed', message: 'must be an integer' });
  if (body.stream !== undefined && body.stream !== null && typeof body.stream !== 'boolean') out.push({ path: 'stream', message: 'must be a boolean' });
  if (body.user !== undefined && typeof body.user !== 'string') out.push({ path: 'user', message: 'must be a string' });
  const stop = body.stop;
  if (
    stop !== undefined &&
    stop !== null &&
    typeof stop !== 'string' &&
    !(Array.isArray(stop) && stop.length <= 4 && stop.every((s) => typeof s === 'string'))
  ) {
    out.push({ path: 'stop', message: 'must be a string or an array of up to 4 strings' });
  }
  const models = body.models;
  if (models !== undefined && !(Array.isArray(models) && models.length <= 10 && models.every((m) => typeof m === 'string' && m !== ''))) {
    out.push({ path: 'models', message: 'must be an array of up to 10 model names (fallbacks tried in order)' });
  }
  const rf = body.response_format;
  if (rf !== undefined && rf !== null) {
    if (!isObj(rf) || !['text', 'json_object', 'json_schema'].includes(rf.type as string))
      out.push({ path: 'response_format.type', message: "must be 'text', 'json_object' or 'json_schema'" });
    else if (rf.type === 'json_schema' && (!isObj(rf.json_schema) || typeof rf.json_schema.name !== 'string'))
      out.push({ path: 'response_format.json_schema.name', message: 'is required' });
  }
  return out.length > 0 ? { ok: false, details: out } : { ok: true, value: body as unknown as ChatRequest };
}
