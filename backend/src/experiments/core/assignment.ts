import { unitHash } from '../../routing/core/hash.js';

export interface Allocation {
  name: string;
  /** Share of traffic in percent; the weights of one experiment add up to 100. */
  weight: number;
}

/**
 * The variant of a live experiment a request goes to: a stable hash of (experiment, sticky key) placed on
 * the cumulative weights, so one user always gets the same variant, and different experiments split
 * users independently of each other. Pure.
 */
export function assignVariant(experimentId: string, key: string, allocation: readonly Allocation[]): string {
  const u = unitHash(`${experimentId}\u0000${key}`) * 100;
  let acc = 0;
  for (const a of allocation) {
    acc += a.weight;
    if (u < acc) return a.name;
  }
  return allocation[allocation.length - 1].name;
}

/** Whether a request is in an experiment's sample (graded, or mirrored): stable per request id, independent of the assignment. */
export function inSample(experimentId: string, requestId: string, rate: number): boolean {
  if (rate >= 1) return true;
  if (rate <= 0) return false;
  return unitHash(`sample\u0000${experimentId}\u0000${requestId}`) < rate;
}

/** Equal shares in whole percents (the first ones get the remainder), for variants without weights. */
export function equalWeights(names: readonly string[]): Allocation[] {
  const base = Math.floor(100 / names.length);
  const extra = 100 - base * names.length;
  return names.map((name, i) => ({ name, weight: base + (i < extra ? 1 : 0) }));
}
