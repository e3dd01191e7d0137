import { Injectable } from '@nestjs/common';
import { AppError } from '../common/errors/app-error.js';
import { type PricedModel, ProviderRuntime } from '../providers/accounts/provider-runtime.js';
import type { Target } from '../providers/provider-adapter.js';
import type { CircuitBreaker } from './core/breaker.js';
import { targetOrder } from './core/plan.js';
import { DEFAULT_FALLBACK, type FallbackPolicy, type TargetOverrides } from './core/route-spec.js';
import { RouteTable } from './route-table.js';

/** One target a request may be sent to, resolved to a provider account. */
export interface Candidate {
  /** The catalogue id, `provider/model`: what logs, headers and metrics show. */
  label: string;
  target: Target;
  priced?: PricedModel;
  overrides?: TargetOverrides;
  breaker?: CircuitBreaker;
  breakerKey?: string;
}

/** How one request will be served: the candidates in attempt order and the policy that walks them. */
export interface RoutePlan {
  route?: { alias: string; version: number; capture: boolean; redact: RegExp[] };
  policy: FallbackPolicy;
  order: Candidate[];
}

/** Direct calls are not retried by the gateway (clients such as the openai SDK retry themselves). */
const DIRECT: FallbackPolicy = { ...DEFAULT_FALLBACK, maxAttempts: 1 };

const notFound = (model: string) =>
  new AppError(
    'gateway/model-not-found',
    `The model \`${model}\` does not exist. Send a route alias or a catalogue model as <provider>/<model> (GET /v1/models lists them).`,
    404,
    [{ path: 'model', message: 'is not a known route or model' }],
  );

/**
 * Turns the client's `model` into a {@link RoutePlan}: a route alias is looked up in the route table and
 * its targets ordered by weight, stickiness and breaker health; a catalogue model `provider/model` is
 * called directly, with OpenRouter-style `models: [...]` as its fallbacks.
 */
@Injectable()
export class RouteResolver {
  constructor(
    private readonly runtime: ProviderRuntime,
    private readonly table: RouteTable,
  ) {}

  plan(model: string, opts: { fallbacks?: string[]; stickyKey?: string; stickyHeader?: string } = {}): RoutePlan {
    const route = model.includes('/') ? undefined : this.table.get(model);
    if (!route) return this.direct(model, opts.fallbacks);
    const key = route.spec.sticky === 'none' ? undefined : (opts.stickyHeader ?? (route.spec.sticky === 'user' ? opts.stickyKey : undefined));
    const now = Date.now();
    const ordered = targetOrder(route.targets, (t) => t.breaker.available(now), key, Math.random());
    const order: Candidate[] = [];
    for (const t of ordered) {
      const r = this.runtime.resolve(t.id);
      // A target whose provider was removed since the route was saved is left out.
      if (r) order.push({ label: t.id, target: r.target, priced: r.priced, overrides: t.overrides, breaker: t.breaker, breakerKey: t.breakerKey });
    }
    if (!order.length) throw new AppError('gateway/route-unavailable', `Route ${model} has no target with a configured provider`, 503);
    return {
      route: { alias: route.alias, version: route.version, capture: route.spec.capture.bodies, redact: route.redact },
      policy: route.spec.fallback,
      order,
    };
  }

  private direct(model: string, fallbacks: string[] = []): RoutePlan {
    const order: Candidate[] = [];
    for (const [i, name] of [model, ...fallbacks].entries()) {
      const r = this.runtime.resolve(name);
      if (!r) {
        if (i === 0) throw notFound(model);
        throw new AppError('gateway/model-not-found', `The fallback model \`${name}\` does not exist`, 404, [
          { path: `models[${i - 1}]`, message: 'is not a known model' },
        ]);
      }
      const b = fallbacks.length ? this.table.directBreaker(name) : undefined;
      order.push({ label: name, target: r.target, priced: r.priced, breaker: b?.breaker, breakerKey: b?.breakerKey });
    }
    return { policy: fallbacks.length ? { ...DEFAULT_FALLBACK, maxAttempts: order.length } : DIRECT, order };
  }

  /** Route aliases, for `GET /v1/models`. */
  aliases(): string[] {
    return this.table.all().map((r) => r.alias);
  }
}
