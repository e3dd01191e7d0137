import type { ChatChunk, ChatResponse, FinishReason, ToolCall, Usage } from '../../providers/chat-types.js';

/** One stored answer: what is needed to replay it as JSON or as a stream, and what it cost. */
export interface CachedCompletion {
  content: string | null;
  toolCalls?: ToolCall[];
  refusal?: string | null;
  finishReason: FinishReason;
  usage?: Usage;
  systemFingerprint?: string | null;
  /** The catalogue model that produced it. */
  target: string;
  /** What the call cost when it was made: each hit saves this much. */
  costUsd?: number;
  /** Epoch ms. */
  storedAt: number;
}

/** Only complete answers are stored: a content filter's refusal is not an answer to replay. */
const STORABLE: ReadonlySet<string> = new Set(['stop', 'length', 'tool_calls']);

/** A non-streamed answer as a cache entry; undefined when it should not be stored. */
export function fromResponse(res: ChatResponse, target: string, costUsd: number | undefined, now: number): CachedCompletion | undefined {
  if (res.choices.length !== 1) return undefined;
  const c = res.choices[0];
  if (!c.finish_reason || !STORABLE.has(c.finish_reason)) return undefined;
  const e: CachedCompletion = { content: c.message.content, finishReason: c.finish_reason, target, storedAt: now };
  if (c.message.tool_calls?.length) e.toolCalls = c.message.tool_calls;
  if (c.message.refusal !== undefined) e.refusal = c.message.refusal;
  if (res.usage) e.usage = res.usage;
  if (res.system_fingerprint !== undefined) e.systemFingerprint = res.system_fingerprint;
  if (costUsd !== undefined) e.costUsd = costUsd;
  return e;
}

/**
 * Rebuilds the answer of a stream from its chunks as they pass (content and tool-call deltas joined,
 * finish reason, usage): nothing sent to the client waits on it.
 */
export class StreamAssembler {
  private content = '';
  private sawContent = false;
  private readonly toolCalls: ToolCall[] = [];
  private refusal?: string;
  private finish: FinishReason | null = null;
  private usage?: Usage;
  private fingerprint?: string | null;
  private unusable = false;

  add(chunk: ChatChunk): void {
    if (chunk.usage) this.usage = chunk.usage;
    if (chunk.system_fingerprint !== undefined) this.fingerprint = chunk.system_fingerprint;
    for (const ch of chunk.choices) {
      if (ch.index !== 0) this.unusable = true;
      const d = ch.delta;
      if (typeof d.content === 'string') {
        this.content += d.content;
        this.sawContent = true;
      }
      if (typeof d.refusal === 'string') this.refusal = (this.refusal ?? '') + d.refusal;
      if (d.tool_calls)
        for (const t of d.tool_calls) {
          const tc = (this.toolCalls[t.index] ??= { id: '', type: 'function', function: { name: '', arguments: '' } });
          if (t.id) tc.id = t.id;
          if (t.function?.name) tc.function.name += t.function.name;
          if (t.function?.arguments) tc.function.arguments += t.function.arguments;
        }
      if (ch.finish_reason) this.finish = ch.finish_reason;
    }
  }

  /** The entry to store, or undefined for an incomplete stream or one that should not be cached. */
  result(target: string, costUsd: number | undefined, now: number): CachedCompletion | undefined {
    if (this.unusable || !this.finish || !STORABLE.has(this.finish)) return undefined;
    const toolCalls = this.toolCalls.filter(Boolean);
    const e: CachedCompletion = {
      content: this.sawContent || !toolCalls.length ? this.content : null,
      finishReason: this.finish,
      target,
      storedAt: now,
    };
    if (toolCalls.length) e.toolCalls = toolCalls;
    if (this.refusal !== undefined) e.refusal = this.refusal;
    if (this.usage) e.usage = this.usage;
    if (this.fingerprint !== undefined) e.systemFingerprint = this.fingerprint;
    if (costUsd !== undefined) e.costUsd = costUsd;
    return e;
  }
}

/** The stored answer as OpenAI's chat.completion object, under this response's own id and time. */
export function toResponse(e: CachedCompletion, id: string, created: number, model: string): ChatResponse {
  const message: ChatResponse['choices'][0]['message'] = { role: 'assistant', content: e.content };
  if (e.toolCalls) message.tool_calls = e.toolCalls;
  if (e.refusal !== undefined) message.refusal = e.refusal;
  const res: ChatResponse = {
    id,
    object: 'chat.completion',
    created,
    model,
    choices: [{ index: 0, message, finish_reason: e.finishReason, logprobs: null }],
    usage: e.usage ?? { prompt_tokens: 0, completion_tokens: 0, total_tokens: 0 },
  };
  if (e.systemFingerprint !== undefined) res.system_fingerprint = e.systemFingerprint;
  return res;
}

/** Characters of content per replayed chunk (a surrogate pair is never split). */
export const REPLAY_PIECE = 64;

function pieces(s: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < s.length;) {
    let end = Math.min(i + REPLAY_PIECE, s.length);
    const code = s.charCodeAt(end - 1);
    if (end < s.length && code >= 0xd800 && code <= 0xdbff) end++;
    out.push(s.slice(i, end));
    i = end;
  }
  return out;
}

/**
 * The stored answer as the body of an SSE stream, in the order OpenAI sends it: a role chunk, content
 * (and tool-call) chunks, the finish chunk, the usage chunk when `include_usage` was asked (every chunk
 * then carries `usage: null` before it), and `[DONE]`. One string, written at once.
 */
export function toSse(e: CachedCompletion, id: string, created: number, model: string, includeUsage: boolean): string {
  const head = `{"id":${JSON.stringify(id)},"object":"chat.completion.chunk","created":${created},"model":${JSON.stringify(model)}`;
  const fp = e.systemFingerprint !== undefined ? `,"system_fingerprint":${JSON.stringify(e.systemFingerprint)}` : '';
  const tail = includeUsage ? ',"usage":null}' : '}';
  const chunk = (delta: string, finish: string | null) =>
    `data: ${head}${fp},"choices":[{"index":0,"delta":${delta},"logprobs":null,"finish_reason":${finish === null ? 'null' : JSON.stringify(finish)}}]${tail}\n\n`;
  let out = chunk(`{"role":"assistant","content":${e.content === null ? 'null' : '""'}${e.refusal === null ? ',"refusal":null' : ''}}`, null);
  if (e.content) for (const p of pieces(e.content)) out += chunk(`{"content":${JSON.stringify(p)}}`, null);
  if (e.refusal) out += chunk(`{"refusal":${JSON.stringify(e.refusal)}}`, null);
  if (e.toolCalls) e.toolCalls.forEach((t, index) => (out += chunk(JSON.stringify({ tool_calls: [{ index, ...t }] }), null)));
  out += chunk('{}', e.finishReason);
  if (includeUsage) {
    const usage = e.usage ?? { prompt_tokens: 0, completion_tokens: 0, total_tokens: 0 };
    out += `data: ${head}${fp},"choices":[],"usage":${JSON.stringify(usage)}}\n\n`;
  }
  return out + 'data: [DONE]\n\n';
}
