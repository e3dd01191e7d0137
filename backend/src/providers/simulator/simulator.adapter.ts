import { type ChunkDelta, type ChunkHead, deltaChunk, usageChunk } from '../chunks.js';
import type { ChatChunk, ChatRequest, ChatResponse, EmbeddingRequest, EmbeddingResponse, FinishReason } from '../chat-types.js';
import type { ProviderAccount, ProviderAdapter, Target } from '../provider-adapter.js';
import { ProviderError, type ProviderErrorKind } from '../provider-error.js';
import { countTextTokens } from '../tokens.js';
import { callSignal, transportError } from '../upstream/http.js';
import { simulate, type Simulation } from './simulator.engine.js';
import { DEFAULT_EMBEDDING_DIMENSIONS, embedText, MAX_EMBEDDING_DIMENSIONS } from './simulator.embeddings.js';
import { resolveProfile, type SimulatedModelProfile } from './simulator.profiles.js';

/** Marks every simulated response, so nobody mistakes it for a real model's. */
export const SIMULATOR_FINGERPRINT = 'switchyard-simulator';

const FAILURE_STATUS: Partial<Record<ProviderErrorKind, number>> = { server_error: 500, overloaded: 503, rate_limited: 429, timeout: 504 };

interface Call {
  profile: SimulatedModelProfile;
  sim: Simulation;
  /** The caller's signal, joined with the account's total timeout when there is any waiting to do. */
  signal: AbortSignal;
}

function start(req: ChatRequest, target: Target, signal: AbortSignal): Call {
  const { account } = target;
  const profile = resolveProfile(account, target.model);
  let sim: Simulation;
  try {
    sim = simulate({ ...req, model: target.model }, profile);
  } catch (err) {
    // The engine knows no account; name it here as every adapter's errors do.
    if (err instanceof ProviderError && !err.opts.provider) throw new ProviderError(err.kind, err.message, { ...err.opts, provider: account.name });
    throw err;
  }
  const waits = sim.firstTokenMs > 0 || sim.tokenDelays.some((d) => d > 0);
  // sim-instant makes no timer at all, not even the timeout signal's, so load tests measure the gateway alone.
  return { profile, sim, signal: waits ? callSignal(signal, account.timeouts) : signal };
}

/** Resolves after `ms`, or rejects with the signal's reason as soon as it aborts. */
function sleep(ms: number, signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.reject(signal.reason);
  if (ms <= 0) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

/** Waits like an upstream would, mapping the total timeout to `timeout` and passing a caller's abort through. */
async function pause(ms: number, account: ProviderAccount, signal: AbortSignal): Promise<void> {
  try {
    await sleep(ms, signal);
  } catch (err) {
    throw transportError(err, account, signal);
  }
}

/** Waits for the first token, failing as a real upstream would when it comes later than the first-byte limit. */
async function awaitFirstToken({ sim, profile, signal }: Call, account: ProviderAccount): Promise<void> {
  const limit = account.timeouts.firstByteMs;
  if (limit > 0 && sim.firstTokenMs > limit) {
    await pause(limit, account, signal);
    throw new ProviderError('timeout', `${account.name} sent no response headers within ${limit} ms`, { provider: account.name });
  }
  await pause(sim.firstTokenMs, account, signal);
  if (sim.error) {
    const kind = sim.error;
    throw new ProviderError(kind, `simulator: simulated ${kind} (model ${profile.id} has error rate ${profile.errorRate})`, {
      provider: account.name,
      status: FAILURE_STATUS[kind] ?? 500,
      retryAfterMs: kind === 'rate_limited' ? 1000 : undefined,
    });
  }
}

function responseId(sim: Simulation): string {
  return `chatcmpl-sim-${sim.seed.toString(16).padStart(8, '0')}`;
}

/** Hands out the per-token delays in order, so streamed pieces add up to the same total as `chat` waits. */
function delayClock(delays: number[]): { take(tokens: number): number; rest(): number } {
  let next = 0;
  const sum = (to: number) => {
    let ms = 0;
    for (; next < Math.min(to, delays.length); next++) ms += delays[next];
    return ms;
  };
  return { take: (tokens) => sum(next + tokens), rest: () => sum(delays.length) };
}

/** Pieces of a few tokens (about three words; long words split) that concatenate back to exactly `text`. */
export function streamPieces(text: string): string[] {
  const parts = text.match(/\s*\S{1,12}|\s+/gu) ?? [];
  const pieces: string[] = [];
  for (let i = 0; i < parts.length; i += 3) pieces.push(parts.slice(i, i + 3).join(''));
  return pieces;
}

function thirds(text: string): string[] {
  const chars = Array.from(text);
  const size = Math.ceil(chars.length / 3);
  return [0, 1, 2].map((i) => chars.slice(i * size, (i + 1) * size).join('')).filter(Boolean);
}

async function chat(req: ChatRequest, target: Target, signal: AbortSignal): Promise<ChatResponse> {
  const call = start(req, target, signal);
  const { sim } = call;
  await awaitFirstToken(call, target.account);
  await pause(
    sim.tokenDelays.reduce((a, b) => a + b, 0),
    target.account,
    call.signal,
  );
  return {
    id: responseId(sim),
    object: 'chat.completion',
    created: Math.floor(Date.now() / 1000),
    model: target.model,
    choices: [
      {
        index: 0,
        message: { role: 'assistant', content: sim.text ?? null, ...(sim.toolCalls ? { tool_calls: sim.toolCalls } : {}), refusal: null },
        finish_reason: sim.finishReason,
        logprobs: null,
      },
    ],
    usage: sim.usage,
    system_fingerprint: SIMULATOR_FINGERPRINT,
  };
}

async function* chatStream(req: ChatRequest, target: Target, signal: AbortSignal): AsyncGenerator<ChatChunk> {
  const call = start(req, target, signal);
  const { sim } = call;
  const { account } = target;
  await awaitFirstToken(call, account);
  const head: ChunkHead = { id: responseId(sim), created: Math.floor(Date.now() / 1000), model: target.model, system_fingerprint: SIMULATOR_FINGERPRINT };
  const chunk = (delta: ChunkDelta, finish: FinishReason | null = null): ChatChunk => deltaChunk(head, delta, finish);
  const clock = delayClock(sim.tokenDelays);

  if (sim.toolCalls) {
    yield chunk({ role: 'assistant', content: null });
    for (const [index, tc] of sim.toolCalls.entries()) {
      await pause(clock.take(countTextTokens(tc.function.name)), account, call.signal);
      yield chunk({ tool_calls: [{ index, id: tc.id, type: 'function', function: { name: tc.function.name, arguments: '' } }] });
      for (const part of thirds(tc.function.arguments)) {
        await pause(clock.take(countTextTokens(part)), account, call.signal);
        yield chunk({ tool_calls: [{ index, function: { arguments: part } }] });
      }
    }
  } else {
    yield chunk({ role: 'assistant', content: '' });
    const pieces = streamPieces(sim.text ?? '');
    for (const [i, piece] of pieces.entries()) {
      await pause(i === pieces.length - 1 ? clock.rest() : clock.take(countTextTokens(piece)), account, call.signal);
      yield chunk({ content: piece });
    }
  }
  await pause(clock.rest(), account, call.signal);
  yield chunk({}, sim.finishReason);
  yield usageChunk(head, sim.usage);
}

async function embed(req: EmbeddingRequest, target: Target, signal: AbortSignal): Promise<EmbeddingResponse> {
  const { account } = target;
  resolveProfile(account, target.model);
  if (signal.aborted) throw signal.reason;
  const inputs = typeof req.input === 'string' ? [req.input] : req.input;
  const dimensions = req.dimensions ?? DEFAULT_EMBEDDING_DIMENSIONS;
  const invalid = (message: string) => new ProviderError('bad_request', `simulator: ${message}`, { provider: account.name, status: 400 });
  if (!Array.isArray(inputs) || inputs.length === 0 || inputs.some((t) => typeof t !== 'string'))
    throw invalid('input must be a string or a non-empty array of strings');
  if (!Number.isInteger(dimensions) || dimensions < 1 || dimensions > MAX_EMBEDDING_DIMENSIONS) {
    throw invalid(`dimensions must be an integer from 1 to ${MAX_EMBEDDING_DIMENSIONS}`);
  }
  const tokens = inputs.reduce((n, text) => n + countTextTokens(text), 0);
  return {
    object: 'list',
    data: inputs.map((text, index) => ({ object: 'embedding', index, embedding: embedText(text, target.model, dimensions) })),
    model: target.model,
    usage: { prompt_tokens: tokens, total_tokens: tokens },
  };
}

/**
 * The `simulator` kind: deterministic synthetic models (see `SIMULATED_MODELS`) that make no network
 * calls. Same request, same reply; replies carry `system_fingerprint: 'switchyard-simulator'`.
 */
export const simulatorAdapter: ProviderAdapter = { kind: 'simulator', chat, chatStream, embed };
