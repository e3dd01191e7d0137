import { normalizeError } from '../common/errors/error-body.js';
import type { RequestFacts } from './genai-attributes.js';

/**
 * The facts of an embeddings call for its span (embeddings are not in the request log): its usage when it
 * answered, else the error's status, code and provider error kind. `err` is the error as the client sees it.
 */
export function embeddingFacts(
  requestId: string,
  model: string,
  attempts: RequestFacts['attempts'],
  usage?: { prompt_tokens: number },
  err?: unknown,
  kind?: string,
): RequestFacts {
  const facts: RequestFacts = { requestId, model, attempts, stream: false, status: 200 };
  if (usage) facts.usage = { prompt_tokens: usage.prompt_tokens };
  if (err !== undefined) {
    const e = normalizeError(err);
    facts.status = e.status;
    facts.errorCode = e.code;
    facts.errorKind = kind;
  }
  return facts;
}
