import { EventEmitter } from 'node:events';
import type { PGlite, Results } from '@electric-sql/pglite';

type Release = (err?: unknown) => void;
type ConnectCallback = (err: unknown, client: PGliteClient | null, release: Release) => void;

const COMMAND = /^\s*(?:WITH\b[\s\S]*?\)\s*)?([A-Za-z]+)/;

/** Shapes a PGlite result like node-postgres does (`rowCount`, `command`), which TypeORM reads for affected rows. */
function toPgResult(sql: string, r: Results<unknown>): { rows: unknown[]; rowCount: number; command: string; fields: unknown[] } {
  const command = (COMMAND.exec(sql)?.[1] ?? '').toUpperCase();
  return { rows: r.rows, rowCount: r.affectedRows ?? r.rows.length, command, fields: r.fields };
}

/** A node-postgres-like client over the process's one PGlite session. */
export class PGliteClient extends EventEmitter {
  constructor(private readonly db: PGlite) {
    super();
  }

  async query(sql: string, params?: unknown[] | ((...a: unknown[]) => void), cb?: (err: unknown, r: unknown) => void) {
    if (typeof params === 'function') {
      cb = params;
      params = undefined;
    }
    try {
      const hasParams = Array.isArray(params) && params.length > 0;
      // Without parameters a string may hold several statements (migrations): exec runs them all; TypeORM wants the last result.
      const raw = hasParams ? await this.db.query(sql, params as unknown[]) : ((await this.db.exec(sql)).at(-1) ?? { rows: [], fields: [], affectedRows: 0 });
      const result = toPgResult(sql, raw);
      cb?.(null, result);
      return result;
    } catch (err) {
      cb?.(err, null);
      throw err;
    }
  }

  /** `COPY … FROM '/dev/blob'` with `text` as the blob: bulk rows without a statement per row (request log). */
  async copyFrom(sql: string, text: string): Promise<void> {
    await this.db.query(sql, [], { blob: new Blob([text]) });
  }
}

/**
 * A node-postgres-compatible `Pool` for TypeORM over one PGlite instance.
 *
 * PGlite is a single session, so concurrent transactions would interleave (one's ROLLBACK undoing
 * another's writes). This pool hands its one client to one borrower at a time: every TypeORM query runner
 * holds it from `connect` to `release`, which serialises transactions exactly as a pool of size 1 would.
 */
export class PGlitePool extends EventEmitter {
  private readonly client: PGliteClient;
  private busy = false;
  private readonly waiting: Array<() => void> = [];

  constructor(private readonly db: PGlite) {
    super();
    this.client = new PGliteClient(db);
  }

  private acquire(): Promise<void> {
    if (!this.busy) {
      this.busy = true;
      return Promise.resolve();
    }
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  private releaseOnce(): Release {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.waiting.shift();
      if (next) next();
      else this.busy = false;
    };
  }

  connect(cb?: ConnectCallback): Promise<PGliteClient> | void {
    const p = this.acquire().then(() => this.client);
    if (!cb) return p.then((c) => Object.assign(c, { release: this.releaseOnce() }));
    void p.then((c) => cb(null, c, this.releaseOnce()));
  }

  async query(sql: string, params?: unknown[]) {
    await this.acquire();
    const release = this.releaseOnce();
    try {
      return await this.client.query(sql, params);
    } finally {
      release();
    }
  }

  end(cb?: (err: unknown) => void): void {
    // The PGlite instance is owned and closed by EmbeddedDatabase, after TypeORM lets go of it.
    cb?.(null);
  }
}

/** The object TypeORM's postgres driver accepts as `driver` in place of the `pg` module. */
export function pgliteDriverModule(db: PGlite) {
  return {
    Pool: class extends PGlitePool {
      constructor() {
        super(db);
      }
    },
  };
}
