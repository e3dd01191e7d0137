import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { randomBytes } from 'node:crypto';
import { type DataSource, IsNull, type Repository } from 'typeorm';
import { hashToken } from '../../admin/admin-token.js';
import { AppError } from '../../common/errors/app-error.js';
import type { ChangeBus } from '../../events/change-bus.js';
import { CHANGE_BUS } from '../../events/events.module.js';
import { hasLimits, type KeyLimits } from '../../usage/limits/limits.js';
import { LimitsService } from '../../usage/limits/limits.service.js';
import { ApiKey, type KeyScope } from './api-key.entity.js';
import type { CreateKeyDto, UpdateKeyDto } from './keys.dto.js';

const REFRESH_MS = 5_000;
const KEYS_TOPIC = 'keys';
/** A key unknown to this process and to the database is not read again for this long. */
const MISS_TTL_MS = 2_000;
const MAX_REMEMBERED = 10_000;

export interface GatewayPrincipal {
  keyId: string;
  name: string;
  scopes: readonly KeyScope[];
  /** Absent when the key may use every route and model. */
  allowed?: readonly string[];
  /** Absent when the key has no rate limit or budget (the gateway then skips the counters). */
  limits?: KeyLimits;
}

const num = (v: string | null) => (v === null ? null : Number(v));

export function limitsOf(k: ApiKey): KeyLimits {
  return {
    requestsPerMinute: k.requestsPerMinute,
    tokensPerMinute: k.tokensPerMinute,
    dailyBudgetUsd: num(k.dailyBudgetUsd),
    monthlyBudgetUsd: num(k.monthlyBudgetUsd),
  };
}

function principal(k: ApiKey): GatewayPrincipal {
  const limits = limitsOf(k);
  return { keyId: k.id, name: k.name, scopes: k.scopes, allowed: k.allowedModels ?? undefined, limits: hasLimits(limits) ? limits : undefined };
}

/**
 * API keys. The secret is shown once at creation; only its hash is stored. Requests are checked against an
 * in-memory map of active hashes (no database read per request), refreshed after every change here, at
 * once in other processes over the change bus (a revoked key stops working everywhere), and every 5 s anyway; each refresh also raises budget counters to the spend the
 * request log shows, so a restart or a Redis flush does not reset a budget.
 */
@Injectable()
export class KeysService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Keys');
  private active = new Map<string, GatewayPrincipal>();
  /** Secrets already seen → principal, so a busy key is not hashed on every request. Cleared on reload. */
  private seen = new Map<string, GatewayPrincipal>();
  /** Hashes the database did not know, and when it was asked: guessing costs at most one read per hash per 2 s. */
  private missed = new Map<string, number>();
  /** Bumped by every reload, so a lookup that raced a revocation does not put the key back. */
  private generation = 0;
  private timer?: NodeJS.Timeout;
  private seeded = 0;

  constructor(
    @InjectRepository(ApiKey) private readonly keys: Repository<ApiKey>,
    @InjectDataSource() private readonly db: DataSource,
    private readonly limits: LimitsService,
    @Inject(CHANGE_BUS) private readonly bus: ChangeBus,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.reload();
    this.bus.subscribe(KEYS_TOPIC, () => void this.reload().catch((err: unknown) => this.logger.warn({ err }, 'key reload failed; using the last set')));
    this.timer = setInterval(() => void this.reload().catch((err: unknown) => this.logger.warn({ err }, 'key refresh failed; using the last set')), REFRESH_MS);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  private async changed(): Promise<void> {
    await this.reload();
    this.bus.publish(KEYS_TOPIC);
  }

  async reload(): Promise<void> {
    const rows = await this.keys.find({ where: { revokedAt: IsNull() } });
    this.generation++;
    this.active = new Map(rows.map((r) => [r.keyHash, principal(r)]));
    this.seen = new Map();
    this.missed = new Map();
    // Budgets: at start, then once a minute.
    if (Date.now() - this.seeded > 60_000) {
      this.seeded = Date.now();
      const budgeted = rows.filter((r) => r.dailyBudgetUsd !== null || r.monthlyBudgetUsd !== null).map((r) => r.id);
      await this.limits.seedFromLog(budgeted).catch((err: Error) => this.logger.warn(`could not seed budget counters: ${err.message}`));
    }
  }

  authenticate(secret: string): GatewayPrincipal | undefined {
    const cached = this.seen.get(secret);
    return cached ?? this.known(secret, hashToken(secret));
  }

  /**
   * The gateway's check: synchronous for a key this process knows; one it has not heard of (made a moment ago
   * in another process, before the change bus said so) is looked up in the database, hashed only once.
   */
  resolve(secret: string): GatewayPrincipal | undefined | Promise<GatewayPrincipal | undefined> {
    const cached = this.seen.get(secret);
    if (cached) return cached;
    const hash = hashToken(secret);
    return this.known(secret, hash) ?? this.lookup(secret, hash);
  }

  private known(secret: string, hash: string): GatewayPrincipal | undefined {
    const who = this.active.get(hash);
    // Only valid keys are remembered, and only a bounded number: guessing cannot grow this map.
    if (who && this.seen.size < MAX_REMEMBERED) this.seen.set(secret, who);
    return who;
  }

  /**
   * One indexed read by hash; a key found is remembered, an unknown hash is not read again for 2 s. Only
   * requests with an unknown key come here, never the hot path of a known key.
   */
  private async lookup(secret: string, hash: string): Promise<GatewayPrincipal | undefined> {
    const missedAt = this.missed.get(hash);
    if (missedAt !== undefined && Date.now() - missedAt < MISS_TTL_MS) return undefined;
    const generation = this.generation;
    const row = await this.keys.findOneBy({ keyHash: hash, revokedAt: IsNull() });
    if (generation !== this.generation) return this.known(secret, hash);
    if (!row) {
      if (this.missed.size >= MAX_REMEMBERED) this.missed.clear();
      this.missed.set(hash, Date.now());
      return undefined;
    }
    const who = principal(row);
    this.active.set(hash, who);
    return who;
  }

  async create(dto: CreateKeyDto): Promise<{ key: ApiKey; secret: string }> {
    const secret = `sy-${randomBytes(24).toString('base64url')}`;
    const key = this.keys.create({
      name: dto.name,
      prefix: secret.slice(0, 10),
      keyHash: hashToken(secret),
      revokedAt: null,
      scopes: dto.scopes ?? ['gateway'],
    });
    apply(key, dto);
    await this.keys.save(key);
    await this.changed();
    return { key, secret };
  }

  async update(id: string, dto: UpdateKeyDto): Promise<ApiKey> {
    const key = await this.get(id);
    if (dto.name !== undefined) key.name = dto.name;
    if (dto.scopes !== undefined) key.scopes = dto.scopes;
    apply(key, dto);
    await this.keys.save(key);
    await this.changed();
    return key;
  }

  list(): Promise<ApiKey[]> {
    return this.keys.find({ order: { createdAt: 'ASC' } });
  }

  async get(id: string): Promise<ApiKey> {
    const key = await this.keys.findOneBy({ id });
    if (!key) throw new AppError('keys/not-found', `No API key with id ${id}`, 404);
    return key;
  }

  /** Spend today and this month (UTC) per key, from the request log. */
  async spend(): Promise<Map<string, { today: number; month: number }>> {
    const now = new Date();
    const rows = (await this.db.query(
      `SELECT key_id, coalesce(sum(cost_usd) FILTER (WHERE at >= $2), 0)::float8 AS today, coalesce(sum(cost_usd), 0)::float8 AS month
       FROM request_logs WHERE at >= $1 AND key_id IS NOT NULL GROUP BY key_id`,
      [new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1)), new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()))],
    )) as Array<{ key_id: string; today: number; month: number }>;
    return new Map(rows.map((r) => [r.key_id, { today: Number(r.today), month: Number(r.month) }]));
  }

  async revoke(id: string): Promise<ApiKey> {
    const key = await this.get(id);
    if (!key.revokedAt) {
      key.revokedAt = new Date();
      await this.keys.save(key);
      await this.changed();
    }
    return key;
  }
}

/** Copies allowed models and limits from a create or update body; `null` clears a setting, absent keeps it. */
function apply(key: ApiKey, dto: CreateKeyDto | UpdateKeyDto): void {
  if (dto.allowedModels !== undefined) key.allowedModels = dto.allowedModels;
  key.allowedModels ??= null;
  const l = dto.limits;
  if (l?.requestsPerMinute !== undefined) key.requestsPerMinute = l.requestsPerMinute;
  if (l?.tokensPerMinute !== undefined) key.tokensPerMinute = l.tokensPerMinute;
  if (l?.dailyBudgetUsd !== undefined) key.dailyBudgetUsd = l.dailyBudgetUsd === null ? null : String(l.dailyBudgetUsd);
  if (l?.monthlyBudgetUsd !== undefined) key.monthlyBudgetUsd = l.monthlyBudgetUsd === null ? null : String(l.monthlyBudgetUsd);
  key.requestsPerMinute ??= null;
  key.tokensPerMinute ??= null;
  key.dailyBudgetUsd ??= null;
  key.monthlyBudgetUsd ??= null;
}
