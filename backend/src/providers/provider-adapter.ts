import type { Dispatcher } from 'undici';
import type { ChatChunk, ChatRequest, ChatResponse, EmbeddingRequest, EmbeddingResponse } from './chat-types.js';

/** Every provider kind; a spec checks each has a folder and a registry entry. */
export const PROVIDER_KINDS = ['openai', 'anthropic', 'gemini', 'simulator'] as const;
export type ProviderKind = (typeof PROVIDER_KINDS)[number];

/** Upstream time limits of one provider account. */
export interface Timeouts {
  /** TCP + TLS connect. */
  connectMs: number;
  /** From sending the request to the response headers (the first byte). */
  firstByteMs: number;
  /** The whole call, streaming included. */
  totalMs: number;
}

/** A provider account as the adapters see it: decrypted credentials, a keep-alive connection pool. */
export interface ProviderAccount {
  id: string;
  name: string;
  kind: ProviderKind;
  /** e.g. https://api.openai.com/v1, https://api.anthropic.com, http://127.0.0.1:11434/v1 */
  baseUrl: string;
  apiKey?: string;
  /** Extra headers sent on every call (e.g. OpenRouter's HTTP-Referer). */
  headers: Record<string, string>;
  /** Kind-specific options, e.g. `{ azure: { apiVersion: '2024-10-21' } }` or simulator profiles. */
  options: Record<string, unknown>;
  timeouts: Timeouts;
  /** undici pool for this account; absent for kinds that make no HTTP calls (simulator). */
  dispatcher?: Dispatcher;
}

/** What one call is addressed to: an account and the upstream's model id. */
export interface Target {
  account: ProviderAccount;
  model: string;
}

/**
 * The contract every provider kind implements, one folder per kind under `providers/`.
 *
 * - Requests and responses are OpenAI chat-completions shapes ({@link ChatRequest}); the adapter owns the
 *   translation both ways, its streaming parser, and the mapping of failures to {@link ProviderError}.
 * - `chat` and `chatStream` report usage; when the provider gives none the adapter counts tokens.
 * - `chatStream` yields OpenAI-shaped chunks as they arrive (never buffered to the end) and ends with a
 *   chunk carrying `usage` and empty `choices`. A stream that breaks midway throws a ProviderError.
 * - `signal` aborts the upstream call (client disconnect, total timeout).
 */
export interface ProviderAdapter {
  readonly kind: ProviderKind;
  chat(req: ChatRequest, target: Target, signal: AbortSignal): Promise<ChatResponse>;
  chatStream(req: ChatRequest, target: Target, signal: AbortSignal): AsyncIterable<ChatChunk>;
  embed?(req: EmbeddingRequest, target: Target, signal: AbortSignal): Promise<EmbeddingResponse>;
}

/**
 * The JSON text of an answer an adapter returns exactly as an OpenAI-compatible upstream sent it, as a symbol-keyed
 * property of the returned object (JSON.stringify skips it): the gateway forwards these bytes with only `model`
 * replaced (common/json/json-splice.ts) rather than serialise the object again. Absent when the adapter built or
 * changed the answer (e.g. counted usage); whoever changes an answer after the adapter must delete it. A symbol
 * rather than a WeakMap: the map's set measured ~0.15-0.25 µs a call and its entries are extra GC work.
 */
export const ANSWER_TEXT: unique symbol = Symbol('switchyard.answerText');

/** A chat answer that may carry its upstream's text (see {@link ANSWER_TEXT}). */
export type ChatAnswer = ChatResponse & { [ANSWER_TEXT]?: string };

/**
 * The JSON text a client sent for a chat request, as a symbol-keyed property of the request an adapter
 * receives: set by the gateway only when the request object holds exactly that text's keys and values, apart
 * from `model` and `stream` (nothing added, removed or overridden, and the text's `stream` means the same as the
 * request's). An adapter that sends OpenAI's format may send it with `model` replaced
 * (common/json/json-splice.ts) rather than serialise the request again; anyone who changes the request
 * after the gateway must delete it.
 */
export const REQUEST_TEXT: unique symbol = Symbol('switchyard.requestText');

/** A chat request that may carry its client's text (see {@link REQUEST_TEXT}). */
export type ChatRequestText = ChatRequest & { [REQUEST_TEXT]?: string };
