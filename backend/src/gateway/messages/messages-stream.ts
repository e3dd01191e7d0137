import type { NormalizedError } from '../../common/errors/error-body.js';
import type { ChatChunk, FinishReason, Usage } from '../../providers/chat-types.js';
import type { StreamEncoder } from '../chat-wire.js';
import { toAnthropicError } from './messages-error.js';
import { anthropicUsage, stopReason } from './messages-response.js';

const event = (name: string, data: object): string => `event: ${name}\ndata: ${JSON.stringify({ type: name, ...data })}\n\n`;

/**
 * Turns the internal stream into Anthropic's event sequence as it arrives: `message_start` and a `ping`
 * with the first chunk, a `content_block_start` / `content_block_delta`… / `content_block_stop` run per
 * text or tool-use block (text as `text_delta`, tool arguments as `input_json_delta`), and at the end
 * `message_delta` with the stop reason and usage, then `message_stop`. Nothing is held back.
 */
export class MessagesStreamEncoder implements StreamEncoder {
  private started = false;
  /** The open block's index and kind, or none. */
  private open: { index: number; kind: 'text' | 'tool' } | undefined;
  private blocks = 0;
  /** Internal tool-call index → Anthropic block index. */
  private readonly tools = new Map<number, number>();
  private finish: FinishReason | null = null;
  private usage: Usage | undefined;

  constructor(
    private readonly id: string,
    private readonly model: string,
  ) {}

  chunk(c: ChatChunk): string {
    let out = this.start();
    if (c.usage) this.usage = c.usage;
    const choice = c.choices[0];
    if (!choice) return out;
    const d = choice.delta;
    if (d.content) {
      if (this.open?.kind !== 'text') out += this.openBlock('text', { type: 'text', text: '' });
      out += event('content_block_delta', { index: this.open!.index, delta: { type: 'text_delta', text: d.content } });
    }
    for (const t of d.tool_calls ?? []) {
      let index = this.tools.get(t.index);
      if (index === undefined) {
        out += this.openBlock('tool', { type: 'tool_use', id: t.id ?? `toolu_${this.id}_${t.index}`, name: t.function?.name ?? '', input: {} });
        index = this.open!.index;
        this.tools.set(t.index, index);
      }
      const args = t.function?.arguments;
      if (args) out += event('content_block_delta', { index, delta: { type: 'input_json_delta', partial_json: args } });
    }
    if (choice.finish_reason) {
      this.finish = choice.finish_reason;
      out += this.closeBlock();
    }
    return out;
  }

  end(): string {
    const usage = anthropicUsage(this.usage);
    return (
      this.start() +
      this.closeBlock() +
      event('message_delta', { delta: { stop_reason: stopReason(this.finish), stop_sequence: null }, usage }) +
      event('message_stop', {})
    );
  }

  error(e: NormalizedError): string {
    return event('error', { error: toAnthropicError(e).body.error });
  }

  private start(): string {
    if (this.started) return '';
    this.started = true;
    const message = {
      id: this.id,
      type: 'message',
      role: 'assistant',
      model: this.model,
      content: [],
      stop_reason: null,
      stop_sequence: null,
      // Known only at the end: message_delta carries the counts.
      usage: { input_tokens: 0, output_tokens: 0 },
    };
    return event('message_start', { message }) + event('ping', {});
  }

  private openBlock(kind: 'text' | 'tool', block: object): string {
    const closed = this.closeBlock();
    this.open = { index: this.blocks++, kind };
    return closed + event('content_block_start', { index: this.open.index, content_block: block });
  }

  private closeBlock(): string {
    if (!this.open) return '';
    const index = this.open.index;
    this.open = undefined;
    return event('content_block_stop', { index });
  }
}
