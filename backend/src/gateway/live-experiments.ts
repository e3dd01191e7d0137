import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { type ChangeBus } from '../events/change-bus.js';
import { CHANGE_BUS } from '../events/events.module.js';
import { type Allocation, equalWeights } from '../experiments/core/assignment.js';
import type { ExperimentSpec, VariantParams } from '../experiments/core/experiment-spec.js';

import type { ChatMessage } from '../providers/chat-types.js';
import type { GatewayChatRequest } from './upstream-body.js';

declare module '../queue/job-queue.js' {
  interface JobMap {
    /** A live experiment's sampled request: grade its output (off the request path). */
    'experiments.grade-live': { experimentId: string; variant: string; requestId: string; messages: ChatMessage[]; output: string };
    /** A shadow experiment's sampled request: call the candidates with it and grade them against the production output. */
    'experiments.shadow': { experimentId: string; requestId: string; body: GatewayChatRequest; output: string };
  }
}

export const EXPERIMENTS_TOPIC = 'experiments';
const REFRESH_MS = 10_000;

/** A running live or shadow experiment as the gateway needs it on the request path. */
export interface LiveEntry {
  id: string;
  name: string;
  kind: 'live' | 'shadow';
  route: string;
  control: string;
  candidates: Array<{ name: string; model: string; params?: VariantParams }>;
  allocation: Allocation[];
  sampleRate: number;
}

/**
 * The running live and shadow experiments by route, held in memory so the request path reads no database:
 * reloaded when an experiment starts, pauses or ends (here at once, elsewhere over the change bus) and
 * every 10 s anyway.
 */
@Injectable()
export class LiveExperiments implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('LiveExperiments');
  private live = new Map<string, LiveEntry>();
  private shadows = new Map<string, LiveEntry[]>();
  private timer?: NodeJS.Timeout;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(CHANGE_BUS) private readonly bus: ChangeBus,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.reload();
    const reload = () => void this.reload().catch((err: Error) => this.logger.warn(`live experiments reload failed: ${err.message}`));
    this.bus.subscribe(EXPERIMENTS_TOPIC, reload);
    this.timer = setInterval(reload, REFRESH_MS);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  /** The live experiment splitting `route`'s traffic, if any (at most one per route). */
  liveOn(route: string): LiveEntry | undefined {
    return this.live.get(route);
  }

  /** The shadow experiments mirroring `route`'s traffic. */
  shadowsOn(route: string): LiveEntry[] | undefined {
    return this.shadows.get(route);
  }

  /** After a start, pause, resume, cancel, completion or deletion: this process now, the others over the bus. */
  async changed(): Promise<void> {
    await this.reload();
    this.bus.publish(EXPERIMENTS_TOPIC);
  }

  async reload(): Promise<void> {
    const rows: Array<{ id: string; name: string; kind: 'live' | 'shadow'; spec: ExperimentSpec }> = await this.db.query(
      `SELECT id, name, kind, spec FROM experiments WHERE kind IN ('live', 'shadow') AND status = 'running' ORDER BY started_at`,
    );
    const live = new Map<string, LiveEntry>();
    const shadows = new Map<string, LiveEntry[]>();
    for (const r of rows) {
      const s = r.spec;
      if (!s.route) continue;
      const weighted = s.variants.every((v) => v.weight !== undefined);
      const entry: LiveEntry = {
        id: r.id,
        name: r.name,
        kind: r.kind,
        route: s.route,
        control: s.control,
        candidates: s.variants.filter((v) => v.name !== s.control).map((v) => ({ name: v.name, model: v.model, params: v.params })),
        allocation: weighted ? s.variants.map((v) => ({ name: v.name, weight: v.weight! })) : equalWeights(s.variants.map((v) => v.name)),
        sampleRate: s.sampleRate ?? 0.1,
      };
      if (r.kind === 'live') {
        if (!live.has(s.route)) live.set(s.route, entry);
      } else shadows.set(s.route, [...(shadows.get(s.route) ?? []), entry]);
    }
    this.live = live;
    this.shadows = shadows;
  }
}
