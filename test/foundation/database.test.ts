import type { PGlite } from '@electric-sql/pglite';
import type { DataSource } from 'typeorm';
import { createDataSource } from '../../backend/src/database/data-source.js';
import { MIGRATIONS } from '../../backend/src/database/migrations/index.js';
import { openEmbeddedDatabase } from '../../backend/src/database/embedded-database.js';
import { loadConfig } from '../../backend/src/config/load-config.js';
import { isolatedEnv, mode } from '../support/env.js';

describe(`database (${mode.database})`, () => {
  let ds: DataSource;
  let embedded: PGlite | undefined;
  let cleanup: () => Promise<void>;

  beforeAll(async () => {
    const isolated = await isolatedEnv();
    cleanup = isolated.cleanup;
    const config = loadConfig(isolated.env, { consoleDir: '/nowhere' });
    if (config.database.kind === 'embedded') embedded = await openEmbeddedDatabase(config.database.dataDir);
    ds = createDataSource(config, embedded);
    await ds.initialize();
    await ds.runMigrations();
  });
  afterAll(async () => {
    await ds?.destroy();
    await embedded?.close();
    await cleanup?.();
  });

  it('applies the migrations once and records them', async () => {
    const rows = await ds.query('SELECT name FROM switchyard_migrations ORDER BY id');
    expect(rows.map((r: { name: string }) => r.name)).toEqual(MIGRATIONS.map((m) => m.name));
    expect(await ds.runMigrations()).toEqual([]);
  });

  it('hands back the same JavaScript types in both modes', async () => {
    const [row] = await ds.query(
      `SELECT 9007199254740993::int8 AS big, 1.50::numeric AS num, 2::int4 AS small, '{"a":[1]}'::jsonb AS doc, now() AS at, gen_random_uuid() AS id`,
    );
    expect(row).toEqual({
      big: '9007199254740993',
      num: '1.50',
      small: 2,
      doc: { a: [1] },
      at: expect.any(Date),
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
    });
  });

  it('reports affected rows of updates and deletes', async () => {
    await ds.query(`INSERT INTO settings (key, value) VALUES ('t1', '1'), ('t2', '2'), ('t3', '3')`);
    const updated = await ds
      .createQueryBuilder()
      .update('settings')
      .set({ value: () => `'9'` })
      .where('key IN (:...keys)', { keys: ['t1', 't2'] })
      .execute();
    expect(updated.affected).toBe(2);
    const deleted = await ds.createQueryBuilder().delete().from('settings').where('key LIKE :p', { p: 't%' }).execute();
    expect(deleted.affected).toBe(3);
  });

  it('keeps concurrent transactions apart: one rolling back never undoes the other', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const committed = ds.transaction(async (m) => {
      await m.query(`INSERT INTO settings (key, value) VALUES ('keep', '1')`);
      await gate;
    });
    const rolledBack = ds
      .transaction(async (m) => {
        await m.query(`INSERT INTO settings (key, value) VALUES ('drop', '1')`);
        throw new Error('roll me back');
      })
      .catch((e: Error) => e.message);
    setTimeout(release, 50);
    await committed;
    expect(await rolledBack).toBe('roll me back');
    const keys = (await ds.query(`SELECT key FROM settings WHERE key IN ('keep', 'drop')`)).map((r: { key: string }) => r.key);
    expect(keys).toEqual(['keep']);
  });

  it('runs many concurrent writes without losing any', async () => {
    await Promise.all(
      Array.from({ length: 50 }, (_, i) => ds.transaction((m) => m.query(`INSERT INTO settings (key, value) VALUES ($1, $2)`, [`c${i}`, JSON.stringify(i)]))),
    );
    const [{ n }] = await ds.query(`SELECT count(*) AS n FROM settings WHERE key LIKE 'c%'`);
    expect(n).toBe('50');
  });
});
