import type { ChatChunk, FinishReason, Usage } from './chat-types.js';

export type ChunkDelta = ChatChunk['choices'][number]['delta'];

/** What every chunk of one streamed completion repeats. */
export interface ChunkHead {
  id: string;
  created: number;
  model: string;
  system_fingerprint?: string;
}

function head(h: ChunkHead): Omit<ChatChunk, 'choices'> {
  const out: Omit<ChatChunk, 'choices'> = { id: h.id, object: 'chat.completion.chunk', created: h.created, model: h.model };
  if (h.system_fingerprint) out.system_fingerprint = h.system_fingerprint;
  return out;
}

/** A chunk of OpenAI's stream with one choice: a delta and, on the last one, its finish reason. */
export function deltaChunk(h: ChunkHead, delta: ChunkDelta, finishReason: FinishReason | null = null): ChatChunk {
  return { ...head(h), choices: [{ index: 0, delta, finish_reason: finishReason, logprobs: null }] };
}

/** The closing chunk every adapter ends a stream with: no choices, the call's usage. */
export function usageChunk(h: ChunkHead, usage: Usage): ChatChunk {
  return { ...head(h), choices: [], usage };
}
