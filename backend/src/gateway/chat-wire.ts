import type { NormalizedError } from '../common/errors/error-body.js';
import type { ChatChunk, ChatRequest, ChatResponse } from '../providers/chat-types.js';
import { toOpenAIError } from './openai-error.js';

/** Writes one streamed answer: each internal chunk becomes the client's SSE text ('' for nothing yet). */
export interface StreamEncoder {
  chunk(chunk: ChatChunk): string;
  /** The stream's closing text, after the last chunk. */
  end(): string;
  /** A failure after the response has started: an error event in the client's format. */
  error(e: NormalizedError): string;
}

/**
 * The client's wire format for chat answers. Routing, fallbacks, limits and logs work on the internal
 * (OpenAI-shaped) request and response; only what reaches the client differs: OpenAI's chat completions
 * by default, Anthropic's Messages for `/v1/messages` (messages/).
 */
export interface ChatWire {
  json(res: ChatResponse): unknown;
  stream(req: ChatRequest): StreamEncoder;
}

/** OpenAI's chat completions: the internal shapes as they are; usage only when the client asked for it. */
export const OPENAI_WIRE: ChatWire = {
  json: (res) => res,
  stream(req) {
    const includeUsage = req.stream_options?.include_usage === true;
    return {
      chunk(chunk) {
        const usageOnly = chunk.choices.length === 0 && chunk.usage;
        if (!includeUsage && chunk.usage !== undefined) delete chunk.usage;
        return !usageOnly || includeUsage ? `data: ${JSON.stringify(chunk)}\n\n` : '';
      },
      end: () => 'data: [DONE]\n\n',
      error: (e) => `data: ${JSON.stringify(toOpenAIError(e))}\n\n`,
    };
  },
};

/** A complete answer as the chunks that would have streamed it: content, tool calls, finish, usage. */
export function chunksOf(res: ChatResponse): ChatChunk[] {
  const head = { id: res.id, object: 'chat.completion.chunk' as const, created: res.created, model: res.model };
  const c = res.choices[0];
  const delta = (d: ChatChunk['choices'][number]['delta'], finish: ChatChunk['choices'][number]['finish_reason'] = null): ChatChunk => ({
    ...head,
    choices: [{ index: 0, delta: d, finish_reason: finish }],
  });
  const out: ChatChunk[] = [];
  if (c?.message.content) out.push(delta({ role: 'assistant', content: c.message.content }));
  c?.message.tool_calls?.forEach((t, index) => out.push(delta({ tool_calls: [{ index, ...t }] })));
  out.push(delta({}, c?.finish_reason ?? 'stop'));
  out.push({ ...head, choices: [], usage: res.usage });
  return out;
}

/** A stored answer replayed as one stream body in the wire's format (the response cache's hits). */
export function replay(wire: ChatWire, req: ChatRequest, res: ChatResponse): string {
  const out = wire.stream(req);
  return (
    chunksOf(res)
      .map((c) => out.chunk(c))
      .join('') + out.end()
  );
}
