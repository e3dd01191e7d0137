import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { randomBytes } from 'node:crypto';
import { IsNull, type Repository } from 'typeorm';
import { hashToken } from '../../admin/admin-token.js';
import { AppError } from '../../common/errors/app-error.js';
import { ApiKey } from './api-key.entity.js';

const REFRESH_MS = 5_000;

export interface GatewayPrincipal {
  keyId: string;
  name: string;
}

/**
 * Gateway API keys. The secret is shown once at creation; only its hash is stored. Requests are checked
 * against an in-memory map of active hashes (no database read per request), refreshed after every change
 * here and every 5 s for changes made by other processes.
 */
@Injectable()
export class KeysService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Keys');
  private active = new Map<string, GatewayPrincipal>();
  /** Secrets already seen → principal, so a busy key is not hashed on every request. Cleared on reload. */
  private seen = new Map<string, GatewayPrincipal>();
  private timer?: NodeJS.Timeout;

  constructor(@InjectRepository(ApiKey) private readonly keys: Repository<ApiKey>) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.reload();
    this.timer = setInterval(() => void this.reload().catch((err: unknown) => this.logger.warn({ err }, 'key refresh failed; using the last set')), REFRESH_MS);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  async reload(): Promise<void> {
    const rows = await this.keys.find({ where: { revokedAt: IsNull() } });
    this.active = new Map(rows.map((r) => [r.keyHash, { keyId: r.id, name: r.name }]));
    this.seen = new Map();
  }

  authenticate(secret: string): GatewayPrincipal | undefined {
    const cached = this.seen.get(secret);
    if (cached) return cached;
    const who = this.active.get(hashToken(secret));
    // Only valid keys are remembered, and only a bounded number: guessing cannot grow this map.
    if (who && this.seen.size < 10_000) this.seen.set(secret, who);
    return who;
  }

  async create(name: string): Promise<{ key: ApiKey; secret: string }> {
    const secret = `sy-${randomBytes(24).toString('base64url')}`;
    const key = await this.keys.save(this.keys.create({ name, prefix: secret.slice(0, 10), keyHash: hashToken(secret), revokedAt: null }));
    await this.reload();
    return { key, secret };
  }

  list(): Promise<ApiKey[]> {
    return this.keys.find({ order: { createdAt: 'ASC' } });
  }

  async revoke(id: string): Promise<ApiKey> {
    const key = await this.keys.findOneBy({ id });
    if (!key) throw new AppError('keys/not-found', `No API key with id ${id}`, 404);
    if (!key.revokedAt) {
      key.revokedAt = new Date();
      await this.keys.save(key);
      await this.reload();
    }
    return key;
  }
}
