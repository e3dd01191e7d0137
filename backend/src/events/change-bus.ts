import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { Redis } from 'ioredis';
import pg from 'pg';

export type ChangeListener = (payload: Record<string, unknown>) => void;

/**
 * Tells every Switchyard process that something changed (a route version, a breaker opening) so their
 * in-memory snapshots follow within milliseconds. Delivery is best effort: each consumer also re-checks
 * periodically. A process does not hear its own messages (it already applied the change).
 */
export interface ChangeBus {
  publish(topic: string, payload?: Record<string, unknown>): void;
  subscribe(topic: string, listener: ChangeListener): void;
  close(): Promise<void>;
}

const CHANNEL = 'switchyard_changes';

abstract class BaseBus implements ChangeBus {
  protected readonly origin = randomUUID();
  protected readonly local = new EventEmitter();

  subscribe(topic: string, listener: ChangeListener): void {
    this.local.on(topic, listener);
  }

  protected encode(topic: string, payload: Record<string, unknown>): string {
    return JSON.stringify({ o: this.origin, t: topic, p: payload });
  }

  protected deliver(raw: string): void {
    let msg: { o?: string; t?: string; p?: Record<string, unknown> };
    try {
      msg = JSON.parse(raw) as typeof msg;
    } catch {
      return;
    }
    if (msg.o !== this.origin && typeof msg.t === 'string') this.local.emit(msg.t, msg.p ?? {});
  }

  abstract publish(topic: string, payload?: Record<string, unknown>): void;
  abstract close(): Promise<void>;
}

/** One process alone (embedded mode): nothing to tell. */
export class LocalChangeBus extends BaseBus {
  publish(): void {}
  async close(): Promise<void> {}
}

/** Redis pub/sub: one subscriber connection per process, plus one for publishing. */
export class RedisChangeBus extends BaseBus {
  private readonly pub: Redis;
  private readonly sub: Redis;
  private readonly channel: string;

  constructor(url: string, prefix: string, onError: (err: Error) => void) {
    super();
    const channel = (this.channel = `${prefix}:${CHANNEL}`);
    this.pub = new Redis(url, { lazyConnect: false, maxRetriesPerRequest: 1, enableOfflineQueue: false });
    this.sub = new Redis(url, { lazyConnect: false });
    this.pub.on('error', onError);
    this.sub.on('error', onError);
    void this.sub.subscribe(channel).catch(onError);
    this.sub.on('message', (_c: string, raw: string) => this.deliver(raw));
  }

  publish(topic: string, payload: Record<string, unknown> = {}): void {
    this.pub.publish(this.channel, this.encode(topic, payload)).catch(() => undefined);
  }

  async close(): Promise<void> {
    this.pub.disconnect();
    this.sub.disconnect();
  }
}

/** PostgreSQL LISTEN/NOTIFY on a dedicated connection, for deployments with PostgreSQL and no Redis. */
export class PgChangeBus extends BaseBus {
  private client?: pg.Client;
  private closed = false;

  constructor(
    private readonly url: string,
    private readonly onError: (err: Error) => void,
  ) {
    super();
    void this.connect();
  }

  private async connect(): Promise<void> {
    if (this.closed) return;
    const client = new pg.Client({ connectionString: this.url });
    client.on('notification', (n) => n.payload && this.deliver(n.payload));
    client.on('error', (err) => {
      this.onError(err);
      this.client = undefined;
      setTimeout(() => void this.connect(), 1000).unref();
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${CHANNEL}`);
      this.client = client;
    } catch (err) {
      this.onError(err as Error);
      void client.end().catch(() => undefined);
      setTimeout(() => void this.connect(), 1000).unref();
    }
  }

  publish(topic: string, payload: Record<string, unknown> = {}): void {
    this.client?.query('SELECT pg_notify($1, $2)', [CHANNEL, this.encode(topic, payload)]).catch((err: Error) => this.onError(err));
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.client?.end().catch(() => undefined);
  }
}
