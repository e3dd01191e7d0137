import type { ChatMessage, ChatRequest, ContentPart, ToolChoice } from '../chat-types.js';
import { ProviderError } from '../provider-error.js';
import { toGeminiSchema } from './gemini.schema.js';
import type { GeminiContent, GeminiGenerationConfig, GeminiPart, GeminiRequest } from './gemini.types.js';

const MIME_BY_EXTENSION: Record<string, string> = {
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  webp: 'image/webp',
  heic: 'image/heic',
  heif: 'image/heif',
  pdf: 'application/pdf',
};

function badRequest(message: string): ProviderError {
  return new ProviderError('bad_request', `gemini: ${message}`);
}

function textOf(content: ChatMessage['content']): string {
  if (typeof content === 'string') return content;
  return (content ?? []).map((p) => (p.type === 'text' ? p.text : '')).join('');
}

/** Guesses an image URL's type from its extension; Gemini requires one and JPEG is the common case. */
export function guessMimeType(url: string): string {
  let path = url;
  try {
    path = new URL(url).pathname;
  } catch {
    /* not absolute: use as is */
  }
  const ext = /\.([a-z0-9]+)$/i.exec(path)?.[1]?.toLowerCase();
  return (ext && MIME_BY_EXTENSION[ext]) || 'image/jpeg';
}

function imagePart(url: string, where: string): GeminiPart {
  if (url.startsWith('data:')) {
    const m = /^data:([^;,]+)?((?:;[^;,]*)*?)(;base64)?,(.*)$/s.exec(url);
    if (!m) throw badRequest(`${where}: malformed data URL`);
    // Gemini wants base64; a percent-encoded data URL is re-encoded rather than refused.
    const data = m[3] ? m[4] : Buffer.from(decodeURIComponent(m[4]), 'utf8').toString('base64');
    return { inlineData: { mimeType: m[1] || 'image/jpeg', data } };
  }
  if (/^https?:\/\//i.test(url)) return { fileData: { fileUri: url, mimeType: guessMimeType(url) } };
  throw badRequest(`${where}: image_url must be a data: or http(s) URL`);
}

function contentParts(content: string | ContentPart[] | null, where: string): GeminiPart[] {
  if (content === null) return [];
  // Gemini refuses empty text parts, so they are left out.
  if (typeof content === 'string') return content ? [{ text: content }] : [];
  return content.flatMap((p, j): GeminiPart[] => {
    if (p.type === 'text') return p.text ? [{ text: p.text }] : [];
    if (p.type === 'image_url') return [imagePart(p.image_url.url, `${where}.content[${j}]`)];
    throw badRequest(`${where}.content[${j}]: unsupported part type '${(p as { type: string }).type}'`);
  });
}

function parseArguments(raw: string, where: string): Record<string, unknown> {
  // Some clients send "" for a call without arguments.
  if (!raw.trim()) return {};
  let args: unknown;
  try {
    args = JSON.parse(raw);
  } catch {
    throw badRequest(`${where}: function.arguments is not valid JSON`);
  }
  if (typeof args !== 'object' || args === null || Array.isArray(args)) throw badRequest(`${where}: function.arguments must be a JSON object`);
  return args as Record<string, unknown>;
}

/** Builds `contents` (user/model turns) and the system instruction from OpenAI messages. */
function convertMessages(messages: ChatMessage[]): Pick<GeminiRequest, 'contents' | 'systemInstruction'> {
  const system: Array<{ text: string }> = [];
  const contents: GeminiContent[] = [];
  // Gemini's functionResponse is matched by name, OpenAI's tool message by id.
  const toolNames = new Map<string, string>();
  const push = (role: GeminiContent['role'], parts: GeminiPart[]) => {
    if (parts.length === 0) return;
    const last = contents.at(-1);
    // Gemini expects alternating turns; parallel tool results and split user turns become one content.
    if (last?.role === role) last.parts.push(...parts);
    else contents.push({ role, parts });
  };
  messages.forEach((m, i) => {
    const where = `messages[${i}]`;
    switch (m.role) {
      case 'system':
      case 'developer': {
        const text = textOf(m.content);
        if (text) system.push({ text });
        return;
      }
      case 'user':
        return push('user', contentParts(m.content, where));
      case 'assistant': {
        const calls = (m.tool_calls ?? []).map((t, j): GeminiPart => {
          toolNames.set(t.id, t.function.name);
          return { functionCall: { name: t.function.name, args: parseArguments(t.function.arguments, `${where}.tool_calls[${j}]`) } };
        });
        return push('model', [...contentParts(m.content, where), ...calls]);
      }
      case 'tool': {
        const name = (m.tool_call_id && toolNames.get(m.tool_call_id)) || m.name;
        if (!name) throw badRequest(`${where}: tool_call_id '${m.tool_call_id ?? ''}' matches no earlier tool call`);
        return push('user', [{ functionResponse: { name, response: { content: textOf(m.content) } } }]);
      }
      default:
        throw badRequest(`${where}: unsupported role '${(m as { role: string }).role}'`);
    }
  });
  return { contents, ...(system.length > 0 && { systemInstruction: { parts: system } }) };
}

function toolConfig(choice: ToolChoice): GeminiRequest['toolConfig'] {
  if (choice === 'auto') return { functionCallingConfig: { mode: 'AUTO' } };
  if (choice === 'none') return { functionCallingConfig: { mode: 'NONE' } };
  if (choice === 'required') return { functionCallingConfig: { mode: 'ANY' } };
  return { functionCallingConfig: { mode: 'ANY', allowedFunctionNames: [choice.function.name] } };
}

function generationConfig(req: ChatRequest): GeminiGenerationConfig | undefined {
  const maxOutputTokens = req.max_completion_tokens ?? req.max_tokens;
  const config: GeminiGenerationConfig = {
    temperature: req.temperature,
    topP: req.top_p,
    maxOutputTokens,
    stopSequences: req.stop === undefined ? undefined : [req.stop].flat(),
    seed: req.seed,
    presencePenalty: req.presence_penalty,
    frequencyPenalty: req.frequency_penalty,
  };
  const format = req.response_format;
  if (format?.type === 'json_object') config.responseMimeType = 'application/json';
  if (format?.type === 'json_schema') {
    config.responseMimeType = 'application/json';
    if (format.json_schema.schema) config.responseSchema = toGeminiSchema(format.json_schema.schema);
  }
  const defined = Object.entries(config).filter(([, v]) => v !== undefined && v !== null);
  return defined.length > 0 ? (Object.fromEntries(defined) as GeminiGenerationConfig) : undefined;
}

/**
 * Translates an OpenAI chat request into a Gemini `generateContent` body. Pure; throws a `bad_request`
 * ProviderError naming the offending message when the request cannot be expressed.
 */
export function toGeminiRequest(req: ChatRequest): GeminiRequest {
  const body: GeminiRequest = convertMessages(req.messages);
  if (req.tools?.length) {
    const functionDeclarations = req.tools.map((t) => ({
      name: t.function.name,
      ...(t.function.description && { description: t.function.description }),
      ...(t.function.parameters && { parameters: toGeminiSchema(t.function.parameters) }),
    }));
    body.tools = [{ functionDeclarations }];
  }
  if (req.tool_choice) body.toolConfig = toolConfig(req.tool_choice);
  const config = generationConfig(req);
  if (config) body.generationConfig = config;
  return body;
}
