import pg from 'pg';
import { isolatedEnv } from '../support/env.js';
import { startServer } from '../support/server.js';

describe('request-log retention', () => {
  it('purges records older than SWITCHYARD_LOG_RETENTION_DAYS at start (and daily), keeping newer ones', async () => {
    const { env, cleanup } = await isolatedEnv();
    // The first start creates the tables.
    let s = await startServer({ reuse: env });
    await s.stop();
    const db = new pg.Client({ connectionString: env.DATABASE_URL });
    await db.connect();
    try {
      const insert = `INSERT INTO request_logs (at, request_id, model, stream, status, latency_ms) VALUES (now() - make_interval(days => $1), $2, 'm', false, 200, 1)`;
      await db.query(insert, [10, 'old']);
      await db.query(insert, [2, 'recent']);
      s = await startServer({ reuse: { ...env, SWITCHYARD_LOG_RETENTION_DAYS: '7' } });
      let ids: string[] = [];
      for (let i = 0; i < 50; i++) {
        ids = (await db.query('SELECT request_id FROM request_logs ORDER BY at')).rows.map((r) => r.request_id as string);
        if (!ids.includes('old')) break;
        await new Promise((r) => setTimeout(r, 100));
      }
      expect(ids).toEqual(['recent']);
      await s.stop();
    } finally {
      await db.end();
      await cleanup();
    }
  });
});
