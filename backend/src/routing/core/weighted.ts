import { unitHash } from './hash.js';

/** What the choice functions need of a target: a stable id and a weight (0 = fallback only). */
export interface Weighted {
  id: string;
  weight: number;
}

/**
 * Weighted random choice. `rand` is in [0, 1). Targets with weight 0 are never chosen; returns -1 when no
 * target has a positive weight.
 */
export function weightedIndex(items: readonly Weighted[], rand: number): number {
  let total = 0;
  for (const t of items) total += t.weight > 0 ? t.weight : 0;
  if (total <= 0) return -1;
  let r = rand * total;
  for (let i = 0; i < items.length; i++) {
    const w = items[i].weight;
    if (w <= 0) continue;
    if (r < w) return i;
    r -= w;
  }
  // Floating point can leave r a hair above the last weight: the last positive target takes it.
  for (let i = items.length - 1; i >= 0; i--) if (items[i].weight > 0) return i;
  return -1;
}

/**
 * Weighted rendezvous (highest-random-weight) score of `key` for a target: each (key, target) pair gets a
 * stable uniform u, and the score -w / ln(u) makes the highest-scoring target win with probability exactly
 * proportional to its weight. Changing one target's weight only moves keys to or from that target, and
 * adding or removing a target only moves the keys it wins or loses: the minimal disruption sticky users
 * need.
 */
export function rendezvousScore(key: string, t: Weighted): number {
  if (t.weight <= 0) return 0;
  return -t.weight / Math.log(unitHash(`${key}\u0000${t.id}`));
}

/** The sticky choice for `key`, or -1 when no target has a positive weight. */
export function stickyIndex(items: readonly Weighted[], key: string): number {
  let best = -1;
  let bestScore = 0;
  for (let i = 0; i < items.length; i++) {
    const s = rendezvousScore(key, items[i]);
    if (s > bestScore) {
      bestScore = s;
      best = i;
    }
  }
  return best;
}
