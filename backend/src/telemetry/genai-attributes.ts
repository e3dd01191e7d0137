/**
 * Span names and attributes for gateway requests, attempts and jobs, after the OpenTelemetry GenAI semantic
 * conventions (gen_ai.provider.name, which replaced the deprecated gen_ai.system) plus Switchyard's own
 * `switchyard.*` attributes. Pure functions over plain data: only names, counts, codes and timings go in,
 * never prompts, outputs or credentials (content capture is off: model output is untrusted text).
 */

export type AttributeValue = string | number | boolean | string[];
export type Attributes = Record<string, AttributeValue>;

/** What the request log records about one request (a subset of RequestLogRecord, plus the cache's verdict). */
export interface RequestFacts {
  requestId: string;
  keyId?: string;
  /** What the client named in `model`: a route alias or `provider/model`. */
  model: string;
  route?: string;
  routeVersion?: number;
  experimentId?: string;
  variant?: string;
  /** The catalogue label of the target that answered (or failed last). */
  target?: string;
  attempts?: ReadonlyArray<{ target: string; skipped?: string }>;
  stream: boolean;
  status: number;
  errorKind?: string;
  errorCode?: string;
  ttftMs?: number;
  usage?: { prompt_tokens: number; completion_tokens?: number; prompt_tokens_details?: { cached_tokens?: number } };
  costUsd?: number;
  cache?: string;
}

/** The request parameters the conventions name (the request body; its messages are never read). */
export interface RequestParams {
  temperature?: number | null;
  top_p?: number | null;
  max_tokens?: number | null;
  max_completion_tokens?: number | null;
  seed?: number | null;
  n?: number | null;
  frequency_penalty?: number | null;
  presence_penalty?: number | null;
}

/** A chat response (its finish reasons and id), or a stream's captured end. */
export interface ResponseFacts {
  id?: string;
  choices?: ReadonlyArray<{ finish_reason?: string | null }>;
  finish_reason?: string | null;
}

/** The target of an attempt, as the routing plan holds it. */
export interface TargetFacts {
  label: string;
  target: { model: string; account: { kind: string; baseUrl: string } };
}

/** The span name the conventions ask for: `{gen_ai.operation.name} {gen_ai.request.model}`. */
export const spanName = (operation: string, model: string): string => `${operation} ${model}`;

const WELL_KNOWN_HOSTS: Array<[RegExp, string]> = [
  [/(^|\.)openai\.azure\.com$/, 'azure.ai.openai'],
  [/(^|\.)services\.ai\.azure\.com$/, 'azure.ai.inference'],
  [/(^|\.)api\.mistral\.ai$/, 'mistral_ai'],
  [/(^|\.)api\.groq\.com$/, 'groq'],
  [/(^|\.)api\.deepseek\.com$/, 'deepseek'],
  [/(^|\.)api\.x\.ai$/, 'x_ai'],
  [/(^|\.)api\.perplexity\.ai$/, 'perplexity'],
];

interface Server {
  provider: string;
  address?: string;
  port?: number;
}
const servers = new WeakMap<object, Server>();

/**
 * `gen_ai.provider.name` and `server.address`/`server.port` of an account: its kind, refined by the host for
 * OpenAI-compatible servers the conventions name (Azure OpenAI, Mistral, Groq…). Only the host and port
 * leave, never the path or query of the base URL. Computed once per account object.
 */
export function serverOf(account: { kind: string; baseUrl: string }): Server {
  let s = servers.get(account);
  if (s) return s;
  let url: URL | undefined;
  try {
    url = new URL(account.baseUrl);
  } catch {
    url = undefined;
  }
  if (url && url.protocol !== 'http:' && url.protocol !== 'https:') url = undefined;
  const host = url?.hostname;
  let provider = account.kind === 'gemini' ? 'gcp.gemini' : account.kind === 'simulator' ? 'switchyard.simulator' : account.kind;
  if (account.kind === 'openai' && host) provider = WELL_KNOWN_HOSTS.find(([re]) => re.test(host))?.[1] ?? provider;
  s = { provider, address: host || undefined, port: url ? Number(url.port || (url.protocol === 'https:' ? 443 : 80)) : undefined };
  servers.set(account, s);
  return s;
}

function put(a: Attributes, key: string, v: AttributeValue | null | undefined): void {
  if (v === undefined || v === null || (typeof v === 'number' && !Number.isFinite(v))) return;
  a[key] = v;
}

function finishReasons(r: ResponseFacts | undefined): string[] | undefined {
  if (!r) return undefined;
  if (r.choices) {
    const reasons = r.choices.map((c) => c.finish_reason).filter((x): x is string => typeof x === 'string');
    return reasons.length ? reasons : undefined;
  }
  return typeof r.finish_reason === 'string' ? [r.finish_reason] : undefined;
}

/** The common GenAI attributes of an answered call: tokens, finish reasons and response id. */
function responseAttributes(a: Attributes, f: RequestFacts, response: ResponseFacts | undefined): void {
  if (f.usage) {
    put(a, 'gen_ai.usage.input_tokens', f.usage.prompt_tokens);
    put(a, 'gen_ai.usage.output_tokens', f.usage.completion_tokens);
    put(a, 'gen_ai.usage.cache_read.input_tokens', f.usage.prompt_tokens_details?.cached_tokens);
  }
  put(a, 'gen_ai.response.finish_reasons', finishReasons(response));
  if (typeof response?.id === 'string') put(a, 'gen_ai.response.id', response.id);
}

/**
 * The request span's attributes, set when the request ends. `target` is the candidate of the last attempt;
 * `context` carries what the log record lacks: the operation, the experiment's name and an internal caller.
 */
export function requestAttributes(
  f: RequestFacts,
  params: RequestParams | undefined,
  response: ResponseFacts | undefined,
  target: TargetFacts | undefined,
  context: { operation: string; experimentName?: string; source?: string },
): Attributes {
  const a: Attributes = { 'gen_ai.operation.name': context.operation, 'gen_ai.request.model': f.model, 'switchyard.request.id': f.requestId };
  if (target) {
    const s = serverOf(target.target.account);
    a['gen_ai.provider.name'] = s.provider;
    a['gen_ai.response.model'] = target.target.model;
    a['switchyard.target'] = target.label;
  } else if (f.target) a['switchyard.target'] = f.target; // a cache hit: no call was made
  if (params) {
    put(a, 'gen_ai.request.temperature', params.temperature);
    put(a, 'gen_ai.request.top_p', params.top_p);
    put(a, 'gen_ai.request.max_tokens', params.max_tokens ?? params.max_completion_tokens);
    put(a, 'gen_ai.request.seed', params.seed);
    put(a, 'gen_ai.request.frequency_penalty', params.frequency_penalty);
    put(a, 'gen_ai.request.presence_penalty', params.presence_penalty);
    if (typeof params.n === 'number' && params.n !== 1) a['gen_ai.request.choice.count'] = params.n;
  }
  if (context.operation === 'chat') a['gen_ai.request.stream'] = f.stream;
  if (f.stream && f.ttftMs !== undefined) put(a, 'gen_ai.response.time_to_first_chunk', f.ttftMs / 1000);
  responseAttributes(a, f, response);
  put(a, 'switchyard.route.alias', f.route);
  put(a, 'switchyard.route.version', f.routeVersion);
  if (f.keyId) a['switchyard.key.id'] = f.keyId;
  put(a, 'switchyard.source', context.source);
  put(a, 'switchyard.experiment.id', f.experimentId);
  put(a, 'switchyard.experiment.name', context.experimentName);
  put(a, 'switchyard.experiment.variant', f.variant);
  put(a, 'switchyard.cache', f.cache);
  put(a, 'switchyard.cost_usd', f.costUsd);
  let made = 0;
  let skipped = 0;
  for (const x of f.attempts ?? []) {
    if (x.skipped) skipped++;
    else made++;
  }
  a['switchyard.attempts'] = made;
  if (skipped) a['switchyard.skipped_targets'] = skipped;
  a['http.response.status_code'] = f.status;
  if (f.errorCode) {
    a['error.type'] = f.errorKind ?? f.errorCode;
    a['switchyard.error.code'] = f.errorCode;
  }
  return a;
}

/** An attempt span's attributes when it starts: the provider, model and server it calls. */
export function attemptStartAttributes(c: TargetFacts, number: number, operation: string): Attributes {
  const s = serverOf(c.target.account);
  const a: Attributes = {
    'gen_ai.operation.name': operation,
    'gen_ai.provider.name': s.provider,
    'gen_ai.request.model': c.target.model,
    'switchyard.target': c.label,
    'switchyard.attempt.number': number,
  };
  put(a, 'server.address', s.address);
  if (s.address) put(a, 'server.port', s.port);
  return a;
}

/** A failed attempt: the provider error's kind, whether it is retryable, and the upstream's HTTP status. */
export function attemptFailureAttributes(err: unknown): { attributes: Attributes; code: string } {
  const e = err as { name?: string; kind?: string; retryable?: boolean; status?: number } | undefined;
  if (e?.name === 'ProviderError' && typeof e.kind === 'string') {
    const a: Attributes = { 'switchyard.attempt.outcome': 'error', 'error.type': e.kind, 'switchyard.error.retryable': e.retryable === true };
    put(a, 'http.response.status_code', e.status);
    return { attributes: a, code: e.kind };
  }
  if (e?.name === 'AbortError') return { attributes: { 'switchyard.attempt.outcome': 'cancelled', 'error.type': 'cancelled' }, code: 'cancelled' };
  return { attributes: { 'switchyard.attempt.outcome': 'error', 'error.type': '_OTHER' }, code: '_OTHER' };
}

/** The attempt that answered, when the request ends: its outcome follows the request's (a stream can break after its first chunk). */
export function attemptEndAttributes(f: RequestFacts, response: ResponseFacts | undefined): { attributes: Attributes; code?: string } {
  const a: Attributes = {};
  if (f.errorCode) {
    const cancelled = f.status === 499;
    a['switchyard.attempt.outcome'] = cancelled ? 'cancelled' : 'error';
    a['error.type'] = cancelled ? 'cancelled' : (f.errorKind ?? f.errorCode);
    return { attributes: a, code: f.errorKind ?? f.errorCode };
  }
  a['switchyard.attempt.outcome'] = 'ok';
  responseAttributes(a, f, response);
  return { attributes: a };
}

/** A job span's attributes: the job's name and the defined values of `attrs`. */
export function jobAttributes(name: string, attrs: Record<string, string | number | boolean | undefined>): Attributes {
  const a: Attributes = { 'switchyard.job.name': name };
  for (const k of Object.keys(attrs)) put(a, k, attrs[k]);
  return a;
}
