import type { ChatChunk } from '../../backend/src/providers/chat-types.js';
import { ProviderError } from '../../backend/src/providers/provider-error.js';

/** Every chunk of an adapter's stream, in order. */
export async function collect(chunks: AsyncIterable<ChatChunk>): Promise<ChatChunk[]> {
  const out: ChatChunk[] = [];
  for await (const c of chunks) out.push(c);
  return out;
}

/** The text content of a stream, reassembled. */
export const streamedText = (chunks: ChatChunk[]): string => chunks.map((c) => c.choices[0]?.delta.content ?? '').join('');

/** The ProviderError a call rejects with (the test fails if it resolves or rejects with something else). */
export async function failure(p: Promise<unknown>): Promise<ProviderError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ProviderError);
  return err as ProviderError;
}
