import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Dispatcher } from 'undici';
import type { Repository } from 'typeorm';
import { type ChangeBus } from '../../events/change-bus.js';
import { CHANGE_BUS } from '../../events/events.module.js';
import { SecretsService } from '../../secrets/secrets.service.js';
import type { ProviderAccount, Target } from '../provider-adapter.js';
import { createDispatcher } from '../upstream/http.js';
import { CatalogueModel } from './catalogue-model.entity.js';
import { toModelDto } from './model-view.js';
import type { ModelDto } from './provider.dto.js';
import { ProviderAccountEntity } from './provider-account.entity.js';

/** A catalogue model as the gateway prices it. */
export type PricedModel = ModelDto;

/** A `provider/model` name resolved to its account and catalogue entry; shared by every request, never changed. */
export type ResolvedModel = Readonly<{ target: Readonly<Target>; priced?: PricedModel }>;

interface Snapshot {
  accounts: Map<string, ProviderAccount>;
  models: Map<string, PricedModel>;
  /** {@link ProviderRuntime.resolve}'s answers, made once per name and snapshot (bounded: names come from clients). */
  resolved: Map<string, ResolvedModel>;
}

const RESOLVED_MAX = 10_000;

const REFRESH_MS = 10_000;
const PROVIDERS_TOPIC = 'providers';

/**
 * The gateway's in-memory view of provider accounts (credentials decrypted, one keep-alive pool each) and
 * of the catalogue. Requests read it without touching the database; it is rebuilt after every change in
 * this process and every 10 s for changes made by other processes.
 */
@Injectable()
export class ProviderRuntime implements OnApplicationShutdown {
  private readonly logger = new Logger('ProviderRuntime');
  private snapshot: Snapshot = { accounts: new Map(), models: new Map(), resolved: new Map() };
  private readonly pools = new Map<string, { version: string; dispatcher: Dispatcher }>();
  private timer?: NodeJS.Timeout;

  constructor(
    @InjectRepository(ProviderAccountEntity) private readonly accounts: Repository<ProviderAccountEntity>,
    @InjectRepository(CatalogueModel) private readonly models: Repository<CatalogueModel>,
    private readonly secrets: SecretsService,
    @Inject(CHANGE_BUS) private readonly bus: ChangeBus,
  ) {}

  async start(): Promise<void> {
    await this.reload();
    this.bus.subscribe(PROVIDERS_TOPIC, () => void this.reload().catch((err: unknown) => this.logger.warn({ err }, 'provider reload failed')));
    this.timer = setInterval(
      () => void this.reload().catch((err: unknown) => this.logger.warn({ err }, 'provider refresh failed; serving the last snapshot')),
      REFRESH_MS,
    );
    this.timer.unref();
  }

  /** After a change to accounts or models: this process reloads now, the others when they hear it (or within {@link REFRESH_MS}). */
  async changed(): Promise<void> {
    await this.reload();
    this.bus.publish(PROVIDERS_TOPIC);
  }

  async reload(): Promise<void> {
    const rows = await this.accounts.find();
    const models = await this.models.find();
    const byId = new Map(rows.map((r) => [r.id, r]));
    const accounts = new Map<string, ProviderAccount>();
    for (const r of rows) accounts.set(r.name, this.toRuntime(r));
    const priced = new Map<string, PricedModel>();
    for (const m of models) {
      const owner = byId.get(m.accountId);
      if (!owner) continue;
      const view = toModelDto(owner.name, m);
      priced.set(view.id, view);
    }
    for (const [id, pool] of this.pools) {
      if (!byId.has(id)) {
        void pool.dispatcher.close();
        this.pools.delete(id);
      }
    }
    this.snapshot = { accounts, models: priced, resolved: new Map() };
  }

  private toRuntime(r: ProviderAccountEntity): ProviderAccount {
    const version = r.updatedAt.toISOString();
    let pool = this.pools.get(r.id);
    if (r.kind !== 'simulator' && (!pool || pool.version !== version)) {
      if (pool) void pool.dispatcher.close();
      pool = { version, dispatcher: createDispatcher(r.timeouts) };
      this.pools.set(r.id, pool);
    }
    return {
      id: r.id,
      name: r.name,
      kind: r.kind,
      baseUrl: r.baseUrl,
      apiKey: r.apiKeySealed ? this.openKey(r) : undefined,
      headers: r.headers,
      options: r.options,
      timeouts: r.timeouts,
      dispatcher: pool?.dispatcher,
    };
  }

  private readonly unreadable = new Set<string>();

  /** A credential sealed with another SWITCHYARD_SECRET_KEY must not take the whole gateway down: that account alone fails. */
  private openKey(r: ProviderAccountEntity): string | undefined {
    try {
      return this.secrets.open(r.apiKeySealed!, r.id);
    } catch (err) {
      if (!this.unreadable.has(r.id))
        this.logger.error(`provider "${r.name}": ${(err as Error).message}; its calls will fail with an auth error until the key is re-entered`);
      this.unreadable.add(r.id);
      return undefined;
    }
  }

  /** Resolves `provider/model`. The model need not be in the catalogue (its cost is then unknown). */
  resolve(name: string): ResolvedModel | undefined {
    const s = this.snapshot;
    const known = s.resolved.get(name);
    if (known) return known;
    const slash = name.indexOf('/');
    if (slash <= 0) return undefined;
    const account = s.accounts.get(name.slice(0, slash));
    const model = name.slice(slash + 1);
    if (!account || !model) return undefined;
    // Frozen: every request of this snapshot gets the same objects (no allocation per target per request).
    const r: ResolvedModel = Object.freeze({ target: Object.freeze({ account, model }), priced: s.models.get(name) });
    if (s.resolved.size < RESOLVED_MAX) s.resolved.set(name, r);
    return r;
  }

  /** A catalogue model by id (`provider/model`). */
  model(id: string): PricedModel | undefined {
    return this.snapshot.models.get(id);
  }

  catalogue(): PricedModel[] {
    return [...this.snapshot.models.values()];
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await Promise.allSettled([...this.pools.values()].map((p) => p.dispatcher.close()));
  }
}
