import { Injectable } from '@nestjs/common';
import { AppError } from '../common/errors/app-error.js';
import { type PricedModel, ProviderRuntime } from '../providers/accounts/provider-runtime.js';
import type { Target } from '../providers/provider-adapter.js';
import { countPromptTokens } from '../providers/tokens.js';
import type { ChatMessage } from '../providers/chat-types.js';
import type { CircuitBreaker } from './core/breaker.js';
import { type ConstraintContext, fieldOf, requestNeeds, unmetNeed } from './core/constraints.js';
import type { RoutingDecision } from './core/decisions.js';
import { splitModelSuffix, type RoutingHints } from './core/hints.js';
import { DEFAULT_EXPLORATION, DEFAULT_FALLBACK, type FallbackPolicy, type TargetOverrides } from './core/route-spec.js';
import { expectedCost, type Rankable, rankTargets } from './core/strategy.js';
import type { TargetStats, TokenAverages } from './core/target-stats.js';
import { type CompiledRoute, type CompiledTarget, RouteTable } from './route-table.js';

/** One target a request may be sent to, resolved to a provider account. */
export interface Candidate {
  /** The catalogue id, `provider/model`: what logs, headers and metrics show. */
  label: string;
  target: Target;
  priced?: PricedModel;
  overrides?: TargetOverrides;
  breaker?: CircuitBreaker;
  breakerKey?: string;
  /** Route targets only: the latency and error averages the attempt loop feeds. */
  stats?: TargetStats;
}

/** How one request will be served: the candidates in attempt order and the policy that walks them. */
export interface RoutePlan {
  route?: {
    alias: string;
    version: number;
    capture: boolean;
    redact: RegExp[];
    /** The route's token averages, fed by each finished request. */
    tokens?: TokenAverages;
    /** The route has a daily budget of its own: each request's cost is added to its counter. */
    budgeted?: boolean;
  };
  policy: FallbackPolicy;
  order: Candidate[];
  /** Targets left out because they cannot serve this request, with the reason (for the attempt log). */
  skipped?: Array<{ target: string; reason: string }>;
  /** The route's record of this routing decision; the attempt loop notes who served. */
  decision?: RoutingDecision;
  /** Whether the request streams (latency samples are time to first chunk). */
  stream?: boolean;
}

/** The parts of a chat request that routing reads. */
export interface ChatShape {
  messages: ChatMessage[];
  tools?: unknown[] | null;
  response_format?: { type?: string } | null;
  max_tokens?: number | null;
  stream?: boolean | null;
}

export interface PlanOptions {
  fallbacks?: string[];
  stickyKey?: string;
  stickyHeader?: string;
  /** The chat request: its needs exclude targets, its size prices them. Absent for embeddings. */
  chat?: ChatShape;
  hints?: RoutingHints;
  /** Spend so far today, for a route's budget downgrade. */
  budget?: { keySpentUsd?: number; keyBudgetUsd?: number | null; routeSpentUsd?: number };
}

/** Completion tokens assumed for `cheapest` until the route has observed some. */
const DEFAULT_OUTPUT_TOKENS = 256;

interface Item extends Rankable {
  t: CompiledTarget;
  r: NonNullable<ReturnType<ProviderRuntime['resolve']>>;
}

/** A route target as a candidate; made once per target and provider snapshot, since plans only read candidates. */
function candidate(x: { t: CompiledTarget; r: Item['r'] }): Candidate {
  const m = x.t.memo;
  if (m?.resolved === x.r) return m.candidate;
  const c: Candidate = {
    label: x.t.id,
    target: x.r.target,
    priced: x.r.priced,
    overrides: x.t.overrides,
    breaker: x.t.breaker,
    breakerKey: x.t.breakerKey,
    stats: x.t.stats,
  };
  x.t.memo = { resolved: x.r, candidate: c };
  return c;
}

/** 400 when every target of the route was excluded by the request's needs; names the request field at fault. */
function noCapableTarget(what: string, skipped: Array<{ target: string; reason: string }>): AppError {
  const list = skipped.map((s) => `${s.target} (${s.reason})`).join(', ');
  // A model's capabilities come from the catalogue: one added without them is taken as chat only.
  const hint = skipped.some((s) => s.reason.startsWith('no '))
    ? ". If a model does support it, list the capability (tools, json, vision) in the model's catalogue entry (PATCH /api/providers/:id models[].capabilities, or switchyard.yaml)"
    : '';
  return new AppError('routing/no-capable-target', `No target of ${what} can serve this request: ${list}${hint}`, 400, [
    { path: fieldOf(skipped[0].reason), message: `cannot be served by any target of ${what}: ${list}` },
  ]);
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

  /**
   * Splits the routing hints a `model` may carry (`support-chat:cheapest`) from the alias; `hints` gets the
   * strategy. Throws a 400 naming `model` for an unknown suffix on an existing route.
   */
  routeModel(model: string, hints: RoutingHints): string {
    if (model.includes('/')) return model;
    const split = splitModelSuffix(model, (a) => this.table.get(a) !== undefined);
    if (!split) return model;
    if (!split.ok) throw new AppError('routing/unknown-hint', `Unknown routing hint in \`${model}\``, 400, split.details);
    if (!hints.strategy) {
      hints.strategy = split.value.strategy;
      hints.source = 'suffix';
    }
    return split.value.alias;
  }

  plan(model: string, opts: PlanOptions = {}): RoutePlan {
    const route = model.includes('/') ? undefined : this.table.get(model);
    if (!route) return this.direct(model, opts.fallbacks, opts.hints);
    const spec = route.spec;
    const key = spec.sticky === 'none' ? undefined : (opts.stickyHeader ?? (spec.sticky === 'user' ? opts.stickyKey : undefined));
    const now = Date.now();
    const stream = opts.chat?.stream === true;
    const ctx = opts.chat ? this.constraints(opts.chat, opts.hints) : undefined;
    const items: Item[] = [];
    let skipped: RoutePlan['skipped'];
    for (const t of route.targets) {
      const r = this.runtime.resolve(t.id);
      // A target whose provider was removed since the route was saved is left out.
      if (!r) continue;
      const why = ctx && unmetNeed(r.priced, ctx);
      if (why) {
        (skipped ??= []).push({ target: t.id, reason: why });
        continue;
      }
      const p = r.priced;
      items.push({ id: t.id, weight: t.weight, priceIn: p?.inputPricePerM, priceOut: p?.outputPricePerM, latencyMs: t.stats.latency(stream), t, r });
    }
    if (!items.length) {
      if (skipped) throw noCapableTarget(`route ${model}`, skipped);
      throw new AppError('gateway/route-unavailable', `Route ${model} has no target with a configured provider`, 503);
    }
    const strategy = opts.hints?.strategy ?? spec.strategy ?? 'weighted';
    const tokens = route.state.tokens;
    let unhealthy: string[] | undefined;
    const ranking = rankTargets(
      strategy,
      items,
      (x) => {
        const ok = x.t.breaker.available(now);
        if (!ok) (unhealthy ??= []).push(x.id);
        return ok;
      },
      {
        stickyKey: key,
        rand: Math.random(),
        exploreRand: Math.random(),
        exploration: spec.exploration ?? DEFAULT_EXPLORATION,
        tokensIn: strategy !== 'cheapest' ? 0 : tokens.samples ? tokens.input : (ctx?.promptTokens() ?? 0),
        tokensOut:
          strategy !== 'cheapest' ? 0 : tokens.samples ? tokens.output : Math.min(opts.chat?.max_tokens ?? DEFAULT_OUTPUT_TOKENS, DEFAULT_OUTPUT_TOKENS),
      },
    );
    let order = ranking.order.map(candidate);
    const decision: RoutingDecision = { at: now, strategy, source: opts.hints?.source ?? 'route', order: [] };
    if (ranking.scores) decision.scores = ranking.scores;
    if (ranking.explored) decision.explored = true;
    if (unhealthy) decision.unhealthy = unhealthy;
    const down = this.downgrade(route, opts.budget, ctx);
    if (down && 'reason' in down) (skipped ??= []).push(down);
    else if (down) {
      order = [down.candidate, ...order.filter((c) => c.label !== down.candidate.label)];
      decision.downgrade = down.by;
      decision.scores = undefined;
    }
    for (const c of order) decision.order.push(c.label);
    if (skipped) decision.skipped = skipped;
    route.state.decisions.push(decision);
    return {
      route: {
        alias: route.alias,
        version: route.version,
        capture: spec.capture.bodies,
        redact: route.redact,
        tokens,
        budgeted: spec.downgrade?.routeDailyBudgetUsd !== undefined,
      },
      policy: spec.fallback,
      order,
      skipped,
      decision,
      stream,
    };
  }

  /** What excludes a target for this request; the prompt is counted at most once, and only when a context window needs it. */
  private constraints(chat: ChatShape, hints: RoutingHints | undefined): ConstraintContext {
    let counted = -1;
    return {
      needs: requestNeeds(chat),
      maxPrice: hints?.maxPrice,
      promptTokens: () => (counted >= 0 ? counted : (counted = countPromptTokens(chat.messages))),
    };
  }

  /**
   * The downgrade target first, when the key's daily budget or the route's own has passed the route's
   * threshold. A downgrade target that cannot serve the request (a missing capability) is reported instead.
   */
  private downgrade(
    route: CompiledRoute,
    budget: PlanOptions['budget'],
    ctx: ConstraintContext | undefined,
  ): { candidate: Candidate; by: NonNullable<RoutingDecision['downgrade']> } | { target: string; reason: string } | undefined {
    const d = route.spec.downgrade;
    if (!d || !route.downgrade || !budget) return undefined;
    let by: RoutingDecision['downgrade'];
    const { keySpentUsd, keyBudgetUsd, routeSpentUsd } = budget;
    if (keyBudgetUsd != null && keySpentUsd !== undefined && keySpentUsd >= d.threshold * keyBudgetUsd)
      by = { by: 'key', spentUsd: keySpentUsd, budgetUsd: keyBudgetUsd, threshold: d.threshold };
    else if (d.routeDailyBudgetUsd !== undefined && routeSpentUsd !== undefined && routeSpentUsd >= d.threshold * d.routeDailyBudgetUsd)
      by = { by: 'route', spentUsd: routeSpentUsd, budgetUsd: d.routeDailyBudgetUsd, threshold: d.threshold };
    if (!by) return undefined;
    const t = route.downgrade;
    const r = this.runtime.resolve(t.id);
    if (!r) return { target: t.id, reason: 'downgrade target has no configured provider' };
    const why = ctx && unmetNeed(r.priced, ctx);
    if (why) return { target: t.id, reason: `downgrade target: ${why}` };
    return { candidate: candidate({ t, r }), by };
  }

  /**
   * A catalogue model named directly, with its `models` fallbacks. Of the hints, `max_price` leaves out
   * models priced above it (a 400 when none is left) and `sort: "price"` orders the list by price; the
   * catalogue's capabilities are not checked here (the client chose the model).
   */
  private direct(model: string, fallbacks: string[] = [], hints?: RoutingHints): RoutePlan {
    let order: Candidate[] = [];
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
    if (hints?.maxPrice || hints?.strategy === 'cheapest') order = this.directHints(order, hints);
    return { policy: fallbacks.length ? { ...DEFAULT_FALLBACK, maxAttempts: order.length } : DIRECT, order };
  }

  private directHints(order: Candidate[], hints: RoutingHints): Candidate[] {
    const none = { tools: false, jsonSchema: false, images: false, promptTokensBound: 0 };
    const ctx: ConstraintContext = { needs: none, maxPrice: hints.maxPrice, promptTokens: () => 0 };
    const skipped: Array<{ target: string; reason: string }> = [];
    const kept = order.filter((c) => {
      const why = unmetNeed(c.priced, ctx);
      if (why) skipped.push({ target: c.label, reason: why });
      return !why;
    });
    if (!kept.length) throw noCapableTarget(`${order[0].label} and its fallbacks`, skipped);
    if (hints.strategy !== 'cheapest') return kept;
    // No token averages for a direct call: a request of equal prompt and completion sizes.
    const cost = (c: Candidate) =>
      expectedCost({ id: c.label, weight: 0, priceIn: c.priced?.inputPricePerM, priceOut: c.priced?.outputPricePerM, latencyMs: NaN }, 1, 1);
    return kept
      .map((c, i) => ({ c, i, k: cost(c) }))
      .sort((a, b) => a.k - b.k || a.i - b.i)
      .map((x) => x.c);
  }

  /** Whether `alias` is a route with a daily budget of its own (its spend is then read before planning). */
  routeBudgeted(alias: string): boolean {
    return this.table.get(alias)?.spec.downgrade?.routeDailyBudgetUsd !== undefined;
  }

  /** Route aliases, for `GET /v1/models`. */
  aliases(): string[] {
    return this.table.all().map((r) => r.alias);
  }
}
