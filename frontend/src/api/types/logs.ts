// The request log (`/api/requests`).

/** One call to one target while serving a request, in the order they were made. */
export interface AttemptDto {
  target: string;
  /** Error kind (`server_error`, `timeout`, …); absent for the attempt that answered. */
  error?: string;
  latencyMs: number;
  /** Why the target was passed over without a call (an open circuit breaker). */
  skipped?: string;
}

/** `GET /api/requests`: one gateway request as logged, newest first. */
export interface RequestLogDto {
  requestId: string;
  at: string;
  keyId: string | null;
  /** What the client sent as `model`: a route alias or a catalogue model. */
  model: string;
  route: string | null;
  routeVersion: number | null;
  /** The live or shadow experiment that assigned this request, and the variant that served it. */
  experimentId: string | null;
  variant: string | null;
  /** The catalogue model that answered (or was tried last). */
  target: string | null;
  attempts: AttemptDto[];
  stream: boolean;
  /** HTTP status returned to the client; 400 and above is an error. */
  status: number;
  errorCode: string | null;
  /** Untrusted text: an upstream may have written it. */
  errorMessage: string | null;
  latencyMs: number;
  /** Time to first token, for streamed requests. */
  ttftMs: number | null;
  inputTokens: number;
  outputTokens: number;
  cachedTokens: number;
  costUsd: number | null;
  /** What the response cache did (as the `x-switchyard-cache` header said); null when it took no part. */
  cache: CacheOutcome | null;
  /** On a cache hit: what the stored answer cost when it was made. */
  savedUsd: number | null;
}

/** What the response cache did to one request. */
export type CacheOutcome = 'hit' | 'miss' | 'refresh' | 'bypass';

/** `GET /api/requests/:requestId`; bodies only when the route captures them (redacted, untrusted). */
export interface RequestLogDetailDto extends RequestLogDto {
  requestBody?: unknown;
  responseBody?: unknown;
}
