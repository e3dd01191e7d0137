import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { ChangeBus } from '../events/change-bus.js';
import type { ResolvedModel } from '../providers/accounts/provider-runtime.js';
import { CHANGE_BUS } from '../events/events.module.js';
import { type BreakerSettings, CircuitBreaker } from './core/breaker.js';
import { DecisionRing } from './core/decisions.js';
import { DEFAULT_BREAKER, type RouteSpec, type TargetOverrides } from './core/route-spec.js';
import { TargetStats, TokenAverages } from './core/target-stats.js';
import type { Candidate } from './route-resolver.js';

export const ROUTES_TOPIC = 'routes';
const BREAKER_TOPIC = 'breaker';
const CHECK_MS = 5_000;

export interface CompiledTarget {
  /** The catalogue model (`provider/model`); also the id sticky hashing uses. */
  id: string;
  weight: number;
  overrides?: TargetOverrides;
  breaker: CircuitBreaker;
  /** Key of the breaker on the change bus. */
  breakerKey: string;
  /** Latency and error averages seen by this process (kept across reloads, like the breaker). */
  stats: TargetStats;
  /** The candidate last made of this target, reused while the provider snapshot resolves it to the same model (route-resolver.ts). */
  memo?: { resolved: ResolvedModel; candidate: Candidate };
}

/** What one process learns about a route while serving it: token averages and recent routing decisions. */
export interface RouteState {
  tokens: TokenAverages;
  decisions: DecisionRing;
}

export interface CompiledRoute {
  alias: string;
  version: number;
  spec: RouteSpec;
  targets: CompiledTarget[];
  /** Compiled `capture.redact` patterns. */
  redact: RegExp[];
  state: RouteState;
  /** The downgrade target (one of `targets` when it names the same model, with the same breaker and stats). */
  downgrade?: CompiledTarget;
}

interface Row {
  alias: string;
  version: number;
  spec: RouteSpec;
}

/**
 * The process's routing table: an immutable compiled snapshot of every route's current version, swapped
 * whole on reload. Requests read it without touching the database; when the database is unreachable the
 * last snapshot keeps serving. Reloads come from this process's writes, from the change bus (other
 * processes' writes, within milliseconds) and from a check every 5 s as a safety net.
 *
 * Circuit breakers live here too, one per (route, target), kept across reloads while their settings do not
 * change. A breaker opening or closing is announced so every process skips the same failing target.
 */
@Injectable()
export class RouteTable implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('RouteTable');
  private routes = new Map<string, CompiledRoute>();
  private breakers = new Map<string, CircuitBreaker>();
  private stats = new Map<string, TargetStats>();
  private states = new Map<string, RouteState>();
  private stamp = '';
  private timer?: NodeJS.Timeout;
  private reloading?: Promise<void>;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(CHANGE_BUS) private readonly bus: ChangeBus,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.reload();
    this.bus.subscribe(ROUTES_TOPIC, () => void this.reload().catch((err: Error) => this.warn(err)));
    this.bus.subscribe(BREAKER_TOPIC, (p) => this.applyRemoteBreaker(p));
    this.timer = setInterval(() => void this.checkForChanges().catch((err: Error) => this.warn(err)), CHECK_MS);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  get(alias: string): CompiledRoute | undefined {
    return this.routes.get(alias);
  }

  all(): CompiledRoute[] {
    return [...this.routes.values()];
  }

  /** Breakers of every route target and direct model, for metrics. */
  breakerStates(): Array<{ key: string; state: CircuitBreaker['state'] }> {
    return [...this.breakers].map(([key, b]) => ({ key, state: b.state }));
  }

  /** The breaker of a catalogue model named directly (`models: [...]` fallbacks), with default settings. */
  directBreaker(model: string): { breaker: CircuitBreaker; breakerKey: string } {
    const breakerKey = `\u0000${model}`;
    return { breaker: this.breaker(breakerKey, DEFAULT_BREAKER, this.breakers), breakerKey };
  }

  /** Reports a breaker transition caused by a call in this process to the others. */
  announceBreaker(key: string, b: CircuitBreaker): void {
    this.bus.publish(BREAKER_TOPIC, { key, state: b.state === 'open' ? 'open' : 'closed' });
  }

  /** Reloads from the database; concurrent calls share one reload. */
  reload(): Promise<void> {
    this.reloading ??= this.load().finally(() => (this.reloading = undefined));
    return this.reloading;
  }

  private async load(): Promise<void> {
    const stamp = await this.currentStamp();
    const rows = (await this.db.query(
      `SELECT r.alias, r.current_version AS version, v.spec FROM routes r JOIN route_versions v ON v.route_id = r.id AND v.version = r.current_version`,
    )) as Row[];
    const breakers = new Map<string, CircuitBreaker>();
    for (const [k, b] of this.breakers) if (k.startsWith('\u0000')) breakers.set(k, b);
    const routes = new Map<string, CompiledRoute>();
    const stats = new Map<string, TargetStats>();
    const states = new Map<string, RouteState>();
    for (const row of rows) {
      const spec = typeof row.spec === 'string' ? (JSON.parse(row.spec) as RouteSpec) : row.spec;
      const compile = (model: string, weight: number, overrides?: TargetOverrides): CompiledTarget => {
        const breakerKey = `${row.alias}\u0000${model}`;
        const st = this.stats.get(breakerKey) ?? new TargetStats();
        stats.set(breakerKey, st);
        return { id: model, weight, overrides, breaker: this.breaker(breakerKey, spec.breaker, breakers), breakerKey, stats: st };
      };
      const targets = spec.targets.map((t) => compile(t.model, t.weight, t.overrides));
      const d = spec.downgrade;
      const state = this.states.get(row.alias) ?? { tokens: new TokenAverages(), decisions: new DecisionRing() };
      states.set(row.alias, state);
      routes.set(row.alias, {
        alias: row.alias,
        version: Number(row.version),
        spec,
        targets,
        redact: spec.capture.redact.map((r) => new RegExp(r, 'g')),
        state,
        downgrade: d ? (targets.find((t) => t.id === d.model) ?? compile(d.model, 0)) : undefined,
      });
    }
    this.routes = routes;
    this.breakers = breakers;
    this.stats = stats;
    this.states = states;
    this.stamp = stamp;
  }

  /** Reuses the existing breaker for `key` while its settings are unchanged, so a reload keeps its state. */
  private breaker(key: string, settings: BreakerSettings, into: Map<string, CircuitBreaker>): CircuitBreaker {
    const old = this.breakers.get(key);
    const b = old && sameSettings(old.settings, settings) ? old : new CircuitBreaker(settings);
    into.set(key, b);
    return b;
  }

  private async checkForChanges(): Promise<void> {
    if ((await this.currentStamp()) !== this.stamp) await this.reload();
  }

  private async currentStamp(): Promise<string> {
    const [row] = (await this.db.query(`SELECT count(*)::text AS n, coalesce(max(updated_at)::text, '') AS at FROM routes`)) as Array<{
      n: string;
      at: string;
    }>;
    return `${row.n}@${row.at}`;
  }

  private applyRemoteBreaker(p: Record<string, unknown>): void {
    const b = typeof p.key === 'string' ? this.breakers.get(p.key) : undefined;
    if (!b) return;
    if (p.state === 'open') b.open(Date.now());
    else if (p.state === 'closed') b.close();
  }

  private warn(err: Error): void {
    this.logger.warn(`route table refresh failed (${err.message}); serving the last snapshot`);
  }
}

function sameSettings(a: BreakerSettings, b: BreakerSettings): boolean {
  return (
    a.failureThreshold === b.failureThreshold &&
    a.errorRate === b.errorRate &&
    a.windowMs === b.windowMs &&
    a.minRequests === b.minRequests &&
    a.cooldownMs === b.cooldownMs
  );
}
