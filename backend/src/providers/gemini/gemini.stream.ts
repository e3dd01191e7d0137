import { type ChunkDelta, type ChunkHead, deltaChunk, usageChunk } from '../chunks.js';
import type { ChatChunk, ChatMessage, FinishReason, Usage } from '../chat-types.js';
import { ProviderError } from '../provider-error.js';
import { estimateUsage } from '../tokens.js';
import { completionId, mapFinishReason, mapUsage, promptBlocked, readParts } from './gemini.response.js';
import type { GeminiResponse } from './gemini.types.js';

/**
 * Turns the GenerateContentResponses of a `streamGenerateContent?alt=sse` stream into OpenAI chunks, one
 * event at a time. Gemini sends text as deltas and each function call whole, so a tool call becomes one
 * complete tool_calls delta. Pure: the adapter feeds it parsed events and sends what it returns.
 */
export class GeminiStreamTranslator {
  private id = '';
  private readonly created = Math.floor(Date.now() / 1000);
  private model: string;
  private started = false;
  private finishReason: FinishReason | null = null;
  private toolCalls = 0;
  private text = '';
  private usage: Usage | undefined;

  constructor(private readonly opts: { model: string; messages: ChatMessage[]; provider?: string }) {
    this.model = opts.model;
  }

  /** The chunks for one upstream event; throws `content_filter` when the prompt was blocked. */
  push(res: GeminiResponse): ChatChunk[] {
    const blocked = promptBlocked(res, this.opts.provider);
    if (blocked) throw blocked;
    if (!this.id) {
      this.id = completionId(res.responseId);
      this.model = res.modelVersion || this.model;
    }
    // Gemini's usage is cumulative; the last report is the total.
    if (res.usageMetadata) this.usage = mapUsage(res.usageMetadata);
    const candidate = res.candidates?.[0];
    if (!candidate || this.finishReason) return [];
    const out: ChatChunk[] = [];
    const { text, toolCalls } = readParts(candidate.content?.parts, this.toolCalls);
    const delta: ChunkDelta = {};
    if (text) delta.content = text;
    if (toolCalls.length > 0) delta.tool_calls = toolCalls.map((t, i) => ({ index: this.toolCalls + i, ...t }));
    this.text += text + toolCalls.map((t) => t.function.name + t.function.arguments).join('');
    this.toolCalls += toolCalls.length;
    if (text || toolCalls.length > 0) out.push(this.chunk(delta, null));
    if (candidate.finishReason) {
      this.finishReason = mapFinishReason(candidate.finishReason, this.toolCalls > 0);
      out.push(this.chunk({}, this.finishReason));
    }
    return out;
  }

  /** The closing usage chunk; a stream that stopped without a finishReason was cut short. */
  end(): ChatChunk {
    if (!this.finishReason) throw new ProviderError('network', 'gemini: stream ended before completion', { provider: this.opts.provider });
    return usageChunk(this.head(), this.usage ?? estimateUsage(this.opts.messages, this.text));
  }

  private head(): ChunkHead {
    return { id: this.id, created: this.created, model: this.model };
  }

  private chunk(delta: ChunkDelta, finishReason: FinishReason | null): ChatChunk {
    // OpenAI clients take the role from the first chunk only.
    if (!this.started) delta = { role: 'assistant', ...delta };
    this.started = true;
    return deltaChunk(this.head(), delta, finishReason);
  }
}
