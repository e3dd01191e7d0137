import { randomBytes } from 'node:crypto';
import type { ChatMessage, ChatResponse, FinishReason, ToolCall, Usage } from '../chat-types.js';
import { ProviderError } from '../provider-error.js';
import { completionText, estimateUsage } from '../tokens.js';
import type { GeminiPart, GeminiResponse, GeminiUsageMetadata } from './gemini.types.js';

const FILTERED = new Set(['SAFETY', 'RECITATION', 'BLOCKLIST', 'PROHIBITED_CONTENT', 'SPII', 'IMAGE_SAFETY']);

/** A completion id in OpenAI's format, from Gemini's responseId when it sends one. */
export function completionId(responseId?: string): string {
  return `chatcmpl-${responseId || randomBytes(12).toString('hex')}`;
}

/** Maps Gemini's finishReason; a normal stop that produced function calls is OpenAI's `tool_calls`. */
export function mapFinishReason(reason: string, hasToolCalls: boolean): FinishReason {
  if (reason === 'MAX_TOKENS') return 'length';
  if (FILTERED.has(reason)) return 'content_filter';
  return hasToolCalls ? 'tool_calls' : 'stop';
}

/** Gemini bills thinking tokens as output, so they count as completion tokens as OpenAI's reasoning tokens do. */
export function mapUsage(meta: GeminiUsageMetadata): Usage {
  const prompt_tokens = meta.promptTokenCount ?? 0;
  const completion_tokens = (meta.candidatesTokenCount ?? 0) + (meta.thoughtsTokenCount ?? 0);
  const usage: Usage = { prompt_tokens, completion_tokens, total_tokens: prompt_tokens + completion_tokens };
  if (meta.cachedContentTokenCount) usage.prompt_tokens_details = { cached_tokens: meta.cachedContentTokenCount };
  return usage;
}

/** The error for a prompt Gemini refused to answer at all (no candidates). */
export function promptBlocked(res: GeminiResponse, provider?: string): ProviderError | undefined {
  const reason = res.promptFeedback?.blockReason;
  if (!reason || res.candidates?.length) return undefined;
  const detail = res.promptFeedback?.blockReasonMessage ? `: ${res.promptFeedback.blockReasonMessage}` : '';
  return new ProviderError('content_filter', `gemini: prompt blocked (${reason})${detail}`, { provider });
}

/** Answer text and function calls of one candidate's parts; call ids are numbered from `firstIndex`. */
export function readParts(parts: GeminiPart[] | undefined, firstIndex = 0): { text: string; toolCalls: ToolCall[] } {
  let text = '';
  const toolCalls: ToolCall[] = [];
  for (const part of parts ?? []) {
    if (part.thought) continue;
    if (typeof part.text === 'string') text += part.text;
    if (part.functionCall) {
      toolCalls.push({
        id: part.functionCall.id || `call_${firstIndex + toolCalls.length}`,
        type: 'function',
        function: { name: part.functionCall.name, arguments: JSON.stringify(part.functionCall.args ?? {}) },
      });
    }
  }
  return { text, toolCalls };
}

/**
 * Translates a Gemini `generateContent` answer into an OpenAI chat completion. Usage is counted locally
 * from `messages` when Gemini reports none.
 */
export function fromGeminiResponse(res: GeminiResponse, opts: { model: string; messages: ChatMessage[]; provider?: string }): ChatResponse {
  const blocked = promptBlocked(res, opts.provider);
  if (blocked) throw blocked;
  const candidate = res.candidates?.[0];
  if (!candidate) throw new ProviderError('server_error', 'gemini: response has no candidates', { provider: opts.provider });
  const { text, toolCalls } = readParts(candidate.content?.parts);
  const out: ChatResponse = {
    id: completionId(res.responseId),
    object: 'chat.completion',
    created: Math.floor(Date.now() / 1000),
    model: res.modelVersion || opts.model,
    choices: [
      {
        index: 0,
        message: { role: 'assistant', content: text || null, ...(toolCalls.length > 0 && { tool_calls: toolCalls }) },
        finish_reason: mapFinishReason(candidate.finishReason ?? 'STOP', toolCalls.length > 0),
        logprobs: null,
      },
    ],
    usage: { prompt_tokens: 0, completion_tokens: 0, total_tokens: 0 },
  };
  out.usage = res.usageMetadata ? mapUsage(res.usageMetadata) : estimateUsage(opts.messages, completionText(out));
  return out;
}
