import type { ProviderAccount } from '../provider-adapter.js';
import { ProviderError } from '../provider-error.js';

/** The behaviour of one simulated model: what it costs, how fast and how often it is right or fails. */
export interface SimulatedModelProfile {
  /** The model id clients and routes name, e.g. `sim-small`. */
  id: string;
  /** Shown in the console; says the model is simulated. */
  description: string;
  /** 0..1: probability that a checkable answer (arithmetic, capitals, keyword coverage) is correct. */
  quality: number;
  latency: {
    /** Time to the first token, drawn from a log-normal with these percentiles. 0 and 0 means none. */
    firstTokenMs: { p50: number; p95: number };
    /** Generation speed after the first token; `Infinity` means no per-token delay at all. */
    tokensPerSecond: number;
  };
  /** 0..1: probability that a call fails with a retryable error (server_error, overloaded, rate_limited, timeout). */
  errorRate: number;
  /** Length range of open-ended text replies, before `max_tokens` applies. */
  outputTokens: { min: number; max: number };
  /** USD per million tokens, for cost reports; the simulator itself charges nothing. */
  pricePerMillion: { input: number; output: number };
  /** Prompt plus `max_tokens` beyond this fails with `context_length`. */
  contextWindow: number;
}

/** A profile override from `account.options.models`: any field, nested groups merged field by field. */
export type SimulatedModelOverride = Partial<Omit<SimulatedModelProfile, 'latency' | 'outputTokens' | 'pricePerMillion'>> & {
  latency?: { firstTokenMs?: Partial<SimulatedModelProfile['latency']['firstTokenMs']>; tokensPerSecond?: number };
  outputTokens?: Partial<SimulatedModelProfile['outputTokens']>;
  pricePerMillion?: Partial<SimulatedModelProfile['pricePerMillion']>;
};

/**
 * The built-in catalogue of simulated models, available on every simulator account. Only `sim-flaky`
 * fails: failures are deterministic per request, so even a 1% rate elsewhere would make some everyday
 * demo prompt fail on every try.
 */
export const SIMULATED_MODELS: readonly SimulatedModelProfile[] = Object.freeze([
  {
    id: 'sim-large',
    description: 'Simulated large model: accurate, slower and pricier (no real model behind it)',
    quality: 0.9,
    latency: { firstTokenMs: { p50: 700, p95: 1800 }, tokensPerSecond: 45 },
    errorRate: 0,
    outputTokens: { min: 60, max: 300 },
    pricePerMillion: { input: 5, output: 15 },
    contextWindow: 128_000,
  },
  {
    id: 'sim-small',
    description: 'Simulated small model: fast and cheap, right about 70% of the time (no real model behind it)',
    quality: 0.7,
    latency: { firstTokenMs: { p50: 250, p95: 600 }, tokensPerSecond: 120 },
    errorRate: 0,
    outputTokens: { min: 30, max: 160 },
    pricePerMillion: { input: 0.15, output: 0.6 },
    contextWindow: 128_000,
  },
  {
    id: 'sim-mini',
    description: 'Simulated mini model: very fast, very cheap, often wrong (no real model behind it)',
    quality: 0.55,
    latency: { firstTokenMs: { p50: 120, p95: 300 }, tokensPerSecond: 250 },
    errorRate: 0,
    outputTokens: { min: 20, max: 100 },
    pricePerMillion: { input: 0.05, output: 0.2 },
    contextWindow: 32_000,
  },
  {
    id: 'sim-flaky',
    description: 'Simulated unreliable model: one call in five fails with a retryable error (no real model behind it)',
    quality: 0.8,
    latency: { firstTokenMs: { p50: 400, p95: 1500 }, tokensPerSecond: 80 },
    errorRate: 0.2,
    outputTokens: { min: 30, max: 200 },
    pricePerMillion: { input: 1, output: 3 },
    contextWindow: 64_000,
  },
  {
    id: 'sim-instant',
    description: 'Simulated zero-latency model for load tests and benchmarks: never sleeps (no real model behind it)',
    quality: 0.8,
    latency: { firstTokenMs: { p50: 0, p95: 0 }, tokensPerSecond: Infinity },
    errorRate: 0,
    outputTokens: { min: 20, max: 80 },
    pricePerMillion: { input: 0, output: 0 },
    contextWindow: 128_000,
  },
] satisfies SimulatedModelProfile[]);

// Models an account adds under a new id start from this one, so a one-field override is a usable model.
const BASE_FOR_NEW_IDS = 'sim-small';

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function overridesOf(account: ProviderAccount): Record<string, SimulatedModelOverride> {
  const models = account.options.models;
  if (models === undefined) return {};
  if (!isRecord(models)) throw invalid(account, 'options.models must be an object of model id → profile');
  return models as Record<string, SimulatedModelOverride>;
}

function invalid(account: ProviderAccount, message: string): ProviderError {
  // A misconfigured account is not the client's fault, but no other kind fits and it must not be retried.
  return new ProviderError('bad_request', `simulator account "${account.name}": ${message}`, { provider: account.name, status: 400 });
}

function merge(base: SimulatedModelProfile, o: SimulatedModelOverride, id: string): SimulatedModelProfile {
  return {
    ...base,
    ...o,
    id,
    latency: {
      firstTokenMs: { ...base.latency.firstTokenMs, ...o.latency?.firstTokenMs },
      tokensPerSecond: o.latency?.tokensPerSecond ?? base.latency.tokensPerSecond,
    },
    outputTokens: { ...base.outputTokens, ...o.outputTokens },
    pricePerMillion: { ...base.pricePerMillion, ...o.pricePerMillion },
  };
}

function check(account: ProviderAccount, p: SimulatedModelProfile): SimulatedModelProfile {
  const fail = (what: string) => {
    throw invalid(account, `model "${p.id}": ${what}`);
  };
  const prob = (v: unknown) => typeof v === 'number' && v >= 0 && v <= 1;
  const nonNeg = (v: unknown) => typeof v === 'number' && Number.isFinite(v) && v >= 0;
  if (!prob(p.quality)) fail('quality must be a number in 0..1');
  if (!prob(p.errorRate)) fail('errorRate must be a number in 0..1');
  const { p50, p95 } = p.latency.firstTokenMs;
  if (!nonNeg(p50) || !nonNeg(p95) || p95 < p50 || (p50 === 0 && p95 > 0)) fail('latency.firstTokenMs needs 0 <= p50 <= p95 (p50 = 0 only with p95 = 0)');
  const tps = p.latency.tokensPerSecond;
  if (typeof tps !== 'number' || !(tps > 0)) fail('latency.tokensPerSecond must be > 0 (Infinity for no delay)');
  const { min, max } = p.outputTokens;
  if (!Number.isInteger(min) || !Number.isInteger(max) || min < 1 || max < min) fail('outputTokens needs integers 1 <= min <= max');
  if (!nonNeg(p.pricePerMillion.input) || !nonNeg(p.pricePerMillion.output)) fail('pricePerMillion must be non-negative');
  if (!Number.isInteger(p.contextWindow) || p.contextWindow < 1) fail('contextWindow must be a positive integer');
  return p;
}

/** Every model id an account offers: the built-in catalogue plus ids its overrides add. */
export function availableModels(account: ProviderAccount): string[] {
  const ids = SIMULATED_MODELS.map((m) => m.id);
  return [...ids, ...Object.keys(overridesOf(account)).filter((id) => !ids.includes(id))];
}

/**
 * The effective profile of `model` on `account`: the built-in profile (or `sim-small`'s for a new id)
 * merged with `account.options.models[model]`. Pure; throws `not_found` for a model the account does
 * not offer and `bad_request` for an override outside the valid ranges.
 */
export function resolveProfile(account: ProviderAccount, model: string): SimulatedModelProfile {
  const overrides = overridesOf(account);
  const builtIn = SIMULATED_MODELS.find((m) => m.id === model);
  const override = Object.hasOwn(overrides, model) ? overrides[model] : undefined;
  if (!builtIn && !override) {
    throw new ProviderError('not_found', `simulator has no model "${model}"; available: ${availableModels(account).join(', ')}`, {
      provider: account.name,
      status: 404,
    });
  }
  if (override !== undefined && !isRecord(override)) throw invalid(account, `options.models["${model}"] must be an object`);
  const base = builtIn ?? SIMULATED_MODELS.find((m) => m.id === BASE_FOR_NEW_IDS)!;
  return check(account, override ? merge(base, override, model) : base);
}
