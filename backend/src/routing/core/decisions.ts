import type { RoutingStrategy } from './route-spec.js';

/** Why one request went where it went. Kept as plain data; the text is written only when someone asks. */
export interface RoutingDecision {
  /** Epoch ms. */
  at: number;
  strategy: RoutingStrategy;
  /** What chose the strategy: the route version, a `model` suffix or the body's `provider.sort`. */
  source: 'route' | 'suffix' | 'provider.sort';
  /** Targets in attempt order. */
  order: string[];
  /** Scores in the same order: expected USD (`cheapest`) or average ms (`fastest`, -1 = not yet observed). */
  scores?: number[];
  /** Targets whose breaker refused calls when the order was made (they went last). */
  unhealthy?: string[];
  explored?: boolean;
  /** Targets left out, with the reason (missing capability, context window, price ceiling). */
  skipped?: Array<{ target: string; reason: string }>;
  /** The downgrade target was put first because a daily budget passed the threshold. */
  downgrade?: { by: 'key' | 'route'; spentUsd: number; budgetUsd: number; threshold: number };
  /** Filled in when the request ends: the target that answered, or the last error kind. */
  served?: string;
  error?: string;
  attempts?: number;
}

/** The last `size` decisions of one route in this process (a ring: O(1) per request, bounded memory). */
export class DecisionRing {
  private readonly items: Array<RoutingDecision | undefined>;
  private next = 0;

  constructor(readonly size = 50) {
    this.items = new Array<RoutingDecision | undefined>(size);
  }

  push(d: RoutingDecision): void {
    this.items[this.next] = d;
    this.next = (this.next + 1) % this.size;
  }

  /** Newest first. */
  recent(limit = this.size): RoutingDecision[] {
    const out: RoutingDecision[] = [];
    for (let i = 1; i <= this.size && out.length < limit; i++) {
      const d = this.items[(this.next - i + this.size) % this.size];
      if (d) out.push(d);
    }
    return out;
  }
}

const usd = (n: number) => (n === Infinity ? 'unknown price' : `$${n.toPrecision(3)}`);

/** A sentence saying why the request went where it went, for the health view. */
export function explain(d: RoutingDecision): string {
  const parts: string[] = [];
  const first = d.order[0];
  const by = d.source === 'route' ? '' : ` (asked by ${d.source === 'suffix' ? 'the model suffix' : 'provider.sort'})`;
  if (d.downgrade) {
    const who = d.downgrade.by === 'key' ? "the key's" : "the route's";
    parts.push(
      `downgraded to ${first}: ${who} daily budget is ${Math.round((100 * d.downgrade.spentUsd) / d.downgrade.budgetUsd)}% spent (threshold ${Math.round(100 * d.downgrade.threshold)}%)`,
    );
  } else if (d.strategy === 'cheapest')
    parts.push(`${first} first as the cheapest healthy target${by}, expected ${usd(d.scores?.[0] ?? Infinity)} per request`);
  else if (d.strategy === 'fastest') {
    const ms = d.scores?.[0];
    if (d.explored) parts.push(`${first} first to explore (keeps latency averages fresh)${by}`);
    else parts.push(`${first} first as the fastest healthy target${by}, ${ms === undefined || ms < 0 ? 'not yet measured' : `${Math.round(ms)} ms average`}`);
  } else if (d.strategy === 'ordered') parts.push(`${first} first as the first healthy target in the listed order`);
  else parts.push(`${first} first by weighted choice`);
  if (d.unhealthy?.length) parts.push(`breaker open: ${d.unhealthy.join(', ')}`);
  if (d.skipped?.length) parts.push(`skipped ${d.skipped.map((s) => `${s.target} (${s.reason})`).join(', ')}`);
  if (d.served && d.served !== first) parts.push(`served by ${d.served} after ${(d.attempts ?? 1) - 1} failed attempt(s)`);
  if (d.error) parts.push(`failed: ${d.error}`);
  return parts.join('; ');
}
