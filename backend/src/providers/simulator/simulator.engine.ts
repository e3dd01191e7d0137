import type { ChatRequest, FinishReason, ToolCall, ToolDefinition, Usage } from '../chat-types.js';
import { ProviderError, type ProviderErrorKind } from '../provider-error.js';
import { countPromptTokens, countTextTokens } from '../tokens.js';
import type { SimulatedModelProfile } from './simulator.profiles.js';
import { fmix32, fnv1a, gaussian, pick, substream, type Rng } from './simulator.random.js';
import { valueForSchema } from './simulator.schema.js';
import { composeAnswer, contentText, cutToTokens, keywords, lastUserText, properNouns, type Answer } from './simulator.text.js';

export { fnv1a, mulberry32 } from './simulator.random.js';

/** The failures a simulated model draws from when its error rate strikes: the retryable ones. */
export const SIMULATED_FAILURES = ['server_error', 'overloaded', 'rate_limited', 'timeout'] as const satisfies readonly ProviderErrorKind[];

/** The outcome of one simulated call, before any waiting: what the model says, when, and at what cost. */
export interface Simulation {
  /** {@link seedOf} the request; every random choice of the call derives from it. */
  seed: number;
  /** The content, for text and JSON replies. */
  text?: string;
  toolCalls?: ToolCall[];
  finishReason: FinishReason;
  usage: Usage;
  /** Time to the first token, in ms. */
  firstTokenMs: number;
  /** One delay per completion token, in ms; all 0 for models with no per-token time. */
  tokenDelays: number[];
  /** Set when the call fails; the content fields are then empty and completion tokens 0. */
  error?: ProviderErrorKind;
}

/**
 * A stable 32-bit seed of what determines a reply: the model, the messages, the tools, `seed` and
 * `temperature`. Not `max_tokens` or `stop`, so a cut reply is a prefix of the uncut one.
 */
export function seedOf(req: ChatRequest, model: string): number {
  const material = JSON.stringify([req.messages, req.tools ?? null, req.seed ?? null, req.temperature ?? null]);
  return fmix32(fnv1a(`${model}\u0000${material}`));
}

const Z95 = 1.6448536269514722; // the standard normal's 95th percentile

function firstTokenDelay(profile: SimulatedModelProfile, rng: Rng): number {
  const { p50, p95 } = profile.latency.firstTokenMs;
  if (p50 <= 0) return 0;
  const sigma = Math.log(p95 / p50) / Z95;
  // Capped so that one draw from the far tail cannot stall a demo for minutes.
  return Math.round(Math.min(p50 * Math.exp(sigma * gaussian(rng)), p95 * 10));
}

function perTokenDelays(profile: SimulatedModelProfile, tokens: number, rng: Rng): number[] {
  const tps = profile.latency.tokensPerSecond;
  if (!Number.isFinite(tps)) return new Array<number>(tokens).fill(0);
  // ±25% jitter, so that streams do not tick like a metronome.
  return Array.from({ length: tokens }, () => (1000 / tps) * (0.75 + 0.5 * rng()));
}

function badRequest(message: string): ProviderError {
  return new ProviderError('bad_request', `simulator: ${message}`, { status: 400 });
}

const stem = (w: string) => w.toLowerCase().replace(/s$/, '');

/** The tool the user's message is most about: its name said outright, else most words shared with its description. */
function mentionedTool(tools: ToolDefinition[], question: string): ToolDefinition | undefined {
  const lower = question.toLowerCase();
  const asked = new Set(keywords(question, 200).map(stem));
  let best: { tool: ToolDefinition; score: number } | undefined;
  for (const tool of tools) {
    const { name, description = '' } = tool.function;
    const spaced = name
      .replace(/[_-]+/g, ' ')
      .replace(/([a-z])([A-Z])/g, '$1 $2')
      .toLowerCase();
    const named = lower.includes(name.toLowerCase()) || lower.includes(spaced);
    const shared = keywords(`${spaced} ${description}`, 200).filter((w) => asked.has(stem(w))).length;
    const score = (named ? 100 : 0) + shared;
    if (score > 0 && (!best || score > best.score)) best = { tool, score };
  }
  return best?.tool;
}

function chooseTool(req: ChatRequest, question: string, rng: Rng): ToolDefinition | undefined {
  const tools = req.tools ?? [];
  const choice = req.tool_choice;
  if (!tools.length) {
    if (choice === 'required' || typeof choice === 'object') throw badRequest('tool_choice needs tools');
    return undefined;
  }
  if (choice === 'none') return undefined;
  if (typeof choice === 'object') {
    const forced = tools.find((t) => t.function.name === choice.function?.name);
    if (!forced) throw badRequest(`tool_choice names "${choice.function?.name}", which is not among the tools`);
    return forced;
  }
  if (choice === 'required') return mentionedTool(tools, question) ?? pick(rng, tools);
  // A model that has just been given a tool's result answers instead of calling again, so agent loops end.
  return req.messages.at(-1)?.role === 'user' ? mentionedTool(tools, question) : undefined;
}

function toolCall(tool: ToolDefinition, question: string, seed: number, rng: Rng): ToolCall {
  const params = tool.function.parameters;
  const args = params ? valueForSchema(params, { rng, words: keywords(question), names: properNouns(question), root: params }) : {};
  return { id: `call_sim${seed.toString(16).padStart(8, '0')}`, type: 'function', function: { name: tool.function.name, arguments: JSON.stringify(args) } };
}

function jsonContent(req: ChatRequest, answer: Answer, question: string, rng: Rng): string {
  const format = req.response_format;
  const schema = format?.type === 'json_schema' ? format.json_schema.schema : undefined;
  if (schema) {
    return JSON.stringify(valueForSchema(schema, { rng, words: keywords(question), names: properNouns(question), answer: answer.answer, root: schema }));
  }
  return JSON.stringify({ answer: answer.answer, keywords: keywords(question) });
}

/** The text reply, prefixed with a nod to the tool result when the model has just been given one. */
function textContent(req: ChatRequest, answer: Answer): string {
  const last = req.messages.at(-1);
  if (last?.role !== 'tool') return answer.text;
  const result = contentText(last.content)
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 200)
    .replace(/[.!?]+$/, '');
  return result ? `Here is what I found: ${result}. ${answer.text}` : answer.text;
}

function cutAtStop(text: string, stop: ChatRequest['stop']): string {
  let end = text.length;
  for (const s of stop === undefined ? [] : Array.isArray(stop) ? stop : [stop]) {
    const at = s ? text.indexOf(s) : -1;
    if (at >= 0 && at < end) end = at;
  }
  return text.slice(0, end);
}

function validate(req: ChatRequest): number | undefined {
  if (req.n !== undefined && req.n !== 1) throw badRequest('simulated models return one choice; n must be 1');
  const limit = req.max_completion_tokens ?? req.max_tokens;
  if (limit !== undefined && !(Number.isInteger(limit) && limit >= 1)) throw badRequest('max_tokens must be a positive integer');
  return limit;
}

/**
 * Simulates one chat call of `profile`: pure and deterministic for the same request (see {@link seedOf}).
 * Invalid requests throw `bad_request` or `context_length`; a simulated failure is returned in `error`.
 */
export function simulate(req: ChatRequest, profile: SimulatedModelProfile): Simulation {
  const limit = validate(req);
  const seed = seedOf(req, profile.id);
  const promptTokens = countPromptTokens(req.messages);
  if (promptTokens + (limit ?? 0) > profile.contextWindow) {
    throw new ProviderError(
      'context_length',
      `simulator: ${promptTokens} prompt tokens${limit ? ` + ${limit} max_tokens` : ''} exceed ${profile.id}'s context window of ${profile.contextWindow}`,
      { status: 400 },
    );
  }
  const timing = substream(seed, 'latency');
  const firstTokenMs = firstTokenDelay(profile, timing);
  const failure = substream(seed, 'error');
  if (failure() < profile.errorRate) {
    const usage = { prompt_tokens: promptTokens, completion_tokens: 0, total_tokens: promptTokens };
    return { seed, finishReason: 'stop', usage, firstTokenMs, tokenDelays: [], error: pick(failure, SIMULATED_FAILURES) };
  }

  const rng = substream(seed, 'content');
  const question = lastUserText(req.messages);
  const tool = chooseTool(req, question, rng);
  let text: string | undefined;
  let toolCalls: ToolCall[] | undefined;
  let finishReason: FinishReason = 'stop';
  let completion: string;
  if (tool) {
    toolCalls = [toolCall(tool, question, seed, rng)];
    finishReason = 'tool_calls';
    completion = toolCalls.map((t) => t.function.name + t.function.arguments).join('');
  } else {
    const answer = composeAnswer(question, profile.quality, rng, profile.outputTokens);
    const json = req.response_format?.type === 'json_object' || req.response_format?.type === 'json_schema';
    text = cutAtStop(json ? jsonContent(req, answer, question, rng) : textContent(req, answer), req.stop);
    if (limit !== undefined && countTextTokens(text) > limit) {
      text = cutToTokens(text, limit);
      finishReason = 'length';
    }
    completion = text;
  }
  const completionTokens = countTextTokens(completion);
  const usage = { prompt_tokens: promptTokens, completion_tokens: completionTokens, total_tokens: promptTokens + completionTokens };
  return { seed, text, toolCalls, finishReason, usage, firstTokenMs, tokenDelays: perTokenDelays(profile, completionTokens, timing) };
}
