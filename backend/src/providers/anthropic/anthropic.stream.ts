import { type ChunkDelta, type ChunkHead, deltaChunk, usageChunk } from '../chunks.js';
import type { ChatChunk, FinishReason, ToolCallDelta } from '../chat-types.js';
import { ProviderError } from '../provider-error.js';
import type { SseEvent } from '../upstream/sse.js';
import { errorFromEvent } from './anthropic.errors.js';
import { mapStopReason, mapUsage } from './anthropic.transform.js';
import type { AnthropicUsage } from './anthropic.types.js';

interface StreamEventData {
  type?: string;
  index?: number;
  message?: { id?: string; model?: string; usage?: AnthropicUsage };
  content_block?: { type?: string; id?: string; name?: string; text?: string };
  delta?: { type?: string; text?: string; partial_json?: string; stop_reason?: string | null };
  usage?: AnthropicUsage;
}

/** Keeps only the counts that are present: message_delta's usage updates message_start's, field by field. */
function mergeUsage(into: AnthropicUsage, from: AnthropicUsage | undefined): void {
  for (const [k, v] of Object.entries(from ?? {})) {
    if (typeof v === 'number') into[k as keyof AnthropicUsage] = v;
  }
}

/**
 * Translates Anthropic's streaming events into OpenAI chat-completion chunks, one event at a time:
 * `push` returns the chunks an event produces as soon as it arrives, `end` checks the stream completed.
 * Tool-use blocks are numbered in order of appearance, as OpenAI's `tool_calls[].index`.
 */
export class AnthropicStreamTranslator {
  private id = '';
  private model = '';
  private readonly created: number;
  private readonly usage: AnthropicUsage = {};
  private readonly toolIndex = new Map<number, number>();
  private finishSent = false;
  private done = false;

  constructor(
    private readonly provider: string,
    now = Date.now(),
  ) {
    this.created = Math.floor(now / 1000);
  }

  /** Whether `message_stop` has been seen. */
  get completed(): boolean {
    return this.done;
  }

  /** The chunks one SSE event translates to (often none). Throws a ProviderError on an `error` event. */
  push(ev: SseEvent): ChatChunk[] {
    if (this.done) return [];
    if (ev.event === 'error') throw errorFromEvent(ev.data, this.provider);
    if (ev.event === 'ping') return [];
    let data: StreamEventData;
    try {
      data = JSON.parse(ev.data) as StreamEventData;
    } catch (cause) {
      throw new ProviderError('server_error', `anthropic: unparseable ${ev.event} event`, { provider: this.provider, cause });
    }
    // The event name and data.type agree on Anthropic; a proxy may drop the `event:` line.
    const type = ev.event === 'message' ? (data.type ?? '') : ev.event;
    switch (type) {
      case 'error':
        throw errorFromEvent(ev.data, this.provider);
      case 'message_start':
        this.id = data.message?.id ?? this.id;
        this.model = data.message?.model ?? this.model;
        mergeUsage(this.usage, data.message?.usage);
        return [this.chunk({ role: 'assistant', content: '' })];
      case 'content_block_start':
        return this.blockStart(data);
      case 'content_block_delta':
        return this.blockDelta(data);
      case 'message_delta':
        mergeUsage(this.usage, data.usage);
        if (data.delta?.stop_reason === undefined) return [];
        this.finishSent = true;
        return [this.chunk({}, mapStopReason(data.delta.stop_reason) ?? 'stop')];
      case 'message_stop': {
        this.done = true;
        const out = this.finishSent ? [] : [this.chunk({}, 'stop')];
        out.push(usageChunk(this.head(), mapUsage(this.usage)));
        return out;
      }
      default:
        // content_block_stop carries nothing to translate; Anthropic may add event types at any time.
        return [];
    }
  }

  /** Call when the byte stream ends: a stream cut before `message_stop` is a failure, not a short answer. */
  end(): void {
    if (!this.done) throw new ProviderError('network', 'stream ended before completion', { provider: this.provider });
  }

  private blockStart(data: StreamEventData): ChatChunk[] {
    const block = data.content_block;
    if (block?.type === 'text') return block.text ? [this.chunk({ content: block.text })] : [];
    if (block?.type !== 'tool_use') return [];
    const index = this.toolIndex.size;
    this.toolIndex.set(data.index ?? index, index);
    return [this.toolChunk({ index, id: block.id, type: 'function', function: { name: block.name, arguments: '' } })];
  }

  private blockDelta(data: StreamEventData): ChatChunk[] {
    const delta = data.delta;
    if (delta?.type === 'text_delta') return delta.text ? [this.chunk({ content: delta.text })] : [];
    if (delta?.type !== 'input_json_delta' || !delta.partial_json) return [];
    const index = this.toolIndex.get(data.index ?? -1);
    if (index === undefined) return [];
    return [this.toolChunk({ index, function: { arguments: delta.partial_json } })];
  }

  private toolChunk(call: ToolCallDelta): ChatChunk {
    return this.chunk({ tool_calls: [call] });
  }

  private head(): ChunkHead {
    return { id: this.id, created: this.created, model: this.model };
  }

  private chunk(delta: ChunkDelta, finishReason: FinishReason | null = null): ChatChunk {
    return deltaChunk(this.head(), delta, finishReason);
  }
}
