import { explain } from '../core/decisions.js';
import type { PricedModel } from '../../providers/accounts/provider-runtime.js';
import type { CompiledRoute, CompiledTarget } from '../route-table.js';
import type { DecisionDto, RouteHealthDto, TargetHealthDto } from './route-health.dto.js';

const ms = (v: number) => (Number.isNaN(v) ? null : Math.round(v * 10) / 10);

function target(t: CompiledTarget, downgradeOnly: boolean, now: number, priced: PricedModel | undefined): TargetHealthDto {
  const s = t.stats;
  return {
    model: t.id,
    weight: t.weight,
    downgradeOnly,
    breaker: t.breaker.state,
    available: t.breaker.available(now),
    latencyMs: ms(s.jsonMs),
    ttftMs: ms(s.streamMs),
    errorRate: Math.round(s.errorRate * 1000) / 1000,
    requests: s.requests,
    failures: s.failures,
    lastCallAt: s.lastAt ? new Date(s.lastAt).toISOString() : null,
    inputPricePerM: priced?.inputPricePerM ?? null,
    outputPricePerM: priced?.outputPricePerM ?? null,
  };
}

/** A route's live view in this process: per target latency, errors and breaker, and the last routing decisions. */
export function routeHealth(r: CompiledRoute, now: number, limit: number, price: (model: string) => PricedModel | undefined): RouteHealthDto {
  const targets = r.targets.map((t) => target(t, false, now, price(t.id)));
  if (r.downgrade && !r.targets.includes(r.downgrade)) targets.push(target(r.downgrade, true, now, price(r.downgrade.id)));
  const tok = r.state.tokens;
  return {
    alias: r.alias,
    version: r.version,
    strategy: r.spec.strategy ?? 'weighted',
    perProcess: true,
    avgInputTokens: tok.samples ? Math.round(tok.input) : null,
    avgOutputTokens: tok.samples ? Math.round(tok.output) : null,
    targets,
    decisions: r.state.decisions.recent(limit).map((d): DecisionDto => ({
      ...d,
      at: new Date(d.at).toISOString(),
      ...(d.scores ? { scores: d.scores.map((x) => (Number.isFinite(x) ? +x.toPrecision(4) : null)) } : {}),
      why: explain(d),
    })),
  };
}
