import type { ErrorDetail } from '../../common/errors/app-error.js';
import {
  DEFAULT_BREAKER,
  DEFAULT_CACHE,
  DEFAULT_CAPTURE,
  DEFAULT_DOWNGRADE_THRESHOLD,
  DEFAULT_FALLBACK,
  type DowngradeSettings,
  type RouteSpec,
  type RouteTarget,
  type RoutingStrategy,
  type StickySource,
} from './route-spec.js';

/** A route spec as written: every block optional (the DTO's shape). */
export interface RouteSpecInput {
  targets: RouteTarget[];
  fallback?: Partial<Omit<RouteSpec['fallback'], 'backoff'>> & { backoff?: Partial<RouteSpec['fallback']['backoff']> };
  breaker?: Partial<RouteSpec['breaker']>;
  sticky?: StickySource;
  capture?: Partial<RouteSpec['capture']>;
  strategy?: RoutingStrategy;
  exploration?: number;
  downgrade?: Partial<DowngradeSettings> & { model: string };
  cache?: Partial<NonNullable<RouteSpec['cache']>>;
}

/**
 * Fills defaults in, so every stored version is complete and a diff shows real differences. The routing
 * fields added later (`strategy`, `exploration`, `downgrade`) are left out while they hold their defaults,
 * so a version written before they existed and the same content written today stay equal (no new version
 * on a re-apply, no spurious diff).
 */
export function normalizeSpec(input: RouteSpecInput): RouteSpec {
  const f = input.fallback ?? {};
  const spec: RouteSpec = {
    targets: input.targets.map((t) =>
      t.overrides && Object.keys(t.overrides).length
        ? { model: t.model, weight: t.weight, overrides: { ...t.overrides } }
        : { model: t.model, weight: t.weight },
    ),
    fallback: {
      on: f.on ? [...f.on] : [...DEFAULT_FALLBACK.on],
      maxAttempts: f.maxAttempts ?? DEFAULT_FALLBACK.maxAttempts,
      backoff: { ...DEFAULT_FALLBACK.backoff, ...f.backoff },
    },
    breaker: { ...DEFAULT_BREAKER, ...input.breaker },
    sticky: input.sticky ?? 'user',
    capture: { bodies: input.capture?.bodies ?? DEFAULT_CAPTURE.bodies, redact: [...(input.capture?.redact ?? [])] },
  };
  // Only when written: versions without a cache block stay byte-identical (no spurious new version on apply).
  const c = input.cache;
  if (c)
    spec.cache = {
      enabled: c.enabled ?? DEFAULT_CACHE.enabled,
      ttlSeconds: c.ttlSeconds ?? DEFAULT_CACHE.ttlSeconds,
      shared: c.shared ?? DEFAULT_CACHE.shared,
      optIn: c.optIn ?? DEFAULT_CACHE.optIn,
    };
  if (f.attemptTimeoutMs !== undefined) spec.fallback.attemptTimeoutMs = f.attemptTimeoutMs;
  if (f.totalTimeoutMs !== undefined) spec.fallback.totalTimeoutMs = f.totalTimeoutMs;
  if (input.strategy && input.strategy !== 'weighted') spec.strategy = input.strategy;
  if (input.exploration !== undefined && spec.strategy === 'fastest') spec.exploration = input.exploration;
  if (input.downgrade) {
    const d = input.downgrade;
    spec.downgrade = { model: d.model, threshold: d.threshold ?? DEFAULT_DOWNGRADE_THRESHOLD };
    if (d.routeDailyBudgetUsd !== undefined && d.routeDailyBudgetUsd !== null) spec.downgrade.routeDailyBudgetUsd = d.routeDailyBudgetUsd;
  }
  return spec;
}

/**
 * The checks a field validator cannot make: weights add up to 100, each model appears once and exists in
 * the catalogue, redact patterns compile, backoff bounds are ordered. `path` prefixes every detail (e.g.
 * `routes[2]` when the spec comes from switchyard.yaml).
 */
export function checkSpec(spec: RouteSpec, modelExists: (model: string) => boolean, path = ''): ErrorDetail[] {
  const at = (p: string) => (path ? `${path}.${p}` : p);
  const out: ErrorDetail[] = [];
  const total = spec.targets.reduce((s, t) => s + t.weight, 0);
  // Only the weighted strategy reads weights; the others rank targets by price, latency or position.
  if ((spec.strategy ?? 'weighted') === 'weighted' && Math.abs(total - 100) > 1e-9)
    out.push({ path: at('targets'), message: `weights must add up to 100 (they add up to ${+total.toFixed(6)})` });
  const seen = new Set<string>();
  spec.targets.forEach((t, i) => {
    if (seen.has(t.model)) out.push({ path: at(`targets[${i}].model`), message: `${t.model} is listed twice` });
    seen.add(t.model);
    if (!modelExists(t.model))
      out.push({ path: at(`targets[${i}].model`), message: `${t.model} is not a model of a configured provider (GET /api/models lists them)` });
  });
  if (spec.downgrade && !modelExists(spec.downgrade.model))
    out.push({ path: at('downgrade.model'), message: `${spec.downgrade.model} is not a model of a configured provider (GET /api/models lists them)` });
  spec.capture.redact.forEach((r, i) => {
    try {
      new RegExp(r, 'g');
    } catch (err) {
      out.push({ path: at(`capture.redact[${i}]`), message: `is not a valid regular expression: ${(err as Error).message}` });
    }
  });
  if (spec.fallback.backoff.initialMs > spec.fallback.backoff.maxMs) out.push({ path: at('fallback.backoff.initialMs'), message: 'must not be above maxMs' });
  const { attemptTimeoutMs, totalTimeoutMs } = spec.fallback;
  if (attemptTimeoutMs !== undefined && totalTimeoutMs !== undefined && attemptTimeoutMs > totalTimeoutMs) {
    out.push({ path: at('fallback.attemptTimeoutMs'), message: 'must not be above totalTimeoutMs' });
  }
  return out;
}
