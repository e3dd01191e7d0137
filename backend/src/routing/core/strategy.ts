import { targetOrder } from './plan.js';
import type { RoutingStrategy } from './route-spec.js';
import type { Weighted } from './weighted.js';

/** What a strategy knows of a target: its weight, catalogue prices (USD per 1M tokens) and observed latency. */
export interface Rankable extends Weighted {
  priceIn?: number | null;
  priceOut?: number | null;
  /** Decayed average latency in ms; NaN while the target has not been observed. */
  latencyMs: number;
}

export interface RankContext {
  /** Sticky key (weighted only). */
  stickyKey?: string;
  /** Uniform [0, 1) draws: the weighted choice, whether to explore, and which target to explore. */
  rand: number;
  exploreRand: number;
  /** `fastest`: share of requests sent first to another healthy target. */
  exploration: number;
  /** Expected tokens of a request on this route (`cheapest`). */
  tokensIn: number;
  tokensOut: number;
}

export interface Ranking<T> {
  order: T[];
  /** The score each target was ranked by (expected USD for `cheapest`, ms for `fastest`), in `order`'s order. */
  scores?: number[];
  /** `fastest` sent this request to a non-best target on purpose. */
  explored?: boolean;
}

/** Expected cost in USD of a request of `tokensIn` + `tokensOut` tokens; Infinity when a price is unknown. */
export function expectedCost(t: Rankable, tokensIn: number, tokensOut: number): number {
  if (t.priceIn == null || t.priceOut == null) return Infinity;
  return (tokensIn * t.priceIn + tokensOut * t.priceOut) / 1e6;
}

// Insertion sort by score, stable (ties keep the listed order): routes have at most 20 targets, and this
// allocates nothing but the output.
function byScore<T>(items: T[], scores: number[]): void {
  for (let i = 1; i < items.length; i++) {
    const it = items[i];
    const s = scores[i];
    let j = i - 1;
    while (j >= 0 && scores[j] > s) {
      items[j + 1] = items[j];
      scores[j + 1] = scores[j];
      j--;
    }
    items[j + 1] = it;
    scores[j + 1] = s;
  }
}

/**
 * Orders a route's targets for one request. Healthy targets (breaker closed or ready for a probe) come
 * first, ranked by the strategy; unhealthy ones follow in the same ranking, so they are still tried when
 * nothing else is left. `cheapest` ranks by expected cost (unknown prices last), `fastest` by observed
 * latency (targets never observed first, so each gets measured; with probability `exploration` a random
 * other healthy target is put first), `ordered` keeps the listed order, `weighted` is {@link targetOrder}.
 */
export function rankTargets<T extends Rankable>(strategy: RoutingStrategy, targets: readonly T[], healthy: (t: T) => boolean, ctx: RankContext): Ranking<T> {
  if (strategy === 'weighted') return { order: targetOrder(targets, healthy, ctx.stickyKey, ctx.rand) };
  const up: T[] = [];
  const down: T[] = [];
  for (const t of targets) (healthy(t) ? up : down).push(t);
  if (strategy === 'ordered') return { order: down.length ? up.concat(down) : up };
  const score = strategy === 'cheapest' ? (t: T) => expectedCost(t, ctx.tokensIn, ctx.tokensOut) : (t: T) => (Number.isNaN(t.latencyMs) ? -1 : t.latencyMs);
  const upScores = up.map(score);
  byScore(up, upScores);
  let explored = false;
  if (strategy === 'fastest' && up.length > 1 && ctx.exploreRand < ctx.exploration) {
    const pick = 1 + Math.floor(ctx.rand * (up.length - 1));
    const [t] = up.splice(pick, 1);
    const [s] = upScores.splice(pick, 1);
    up.unshift(t);
    upScores.unshift(s);
    explored = true;
  }
  if (!down.length) return { order: up, scores: upScores, explored };
  const downScores = down.map(score);
  byScore(down, downScores);
  return { order: up.concat(down), scores: upScores.concat(downScores), explored };
}
