import { COLUMNS, insertStatement } from './request-log-rows.js';

describe('insertStatement', () => {
  const rec = {
    requestId: 'r1',
    at: Date.UTC(2026, 0, 1),
    keyId: 'k',
    model: 'support',
    route: 'support',
    routeVersion: 2,
    target: 'sim/echo',
    attempts: [{ target: 'sim/fail', error: 'server_error', latencyMs: 3 }],
    stream: false,
    status: 200,
    latencyMs: 12.5,
    usage: { prompt_tokens: 10, completion_tokens: 5, total_tokens: 15, prompt_tokens_details: { cached_tokens: 4 } },
    costUsd: 0.001,
  };

  it('numbers the parameters of every row in column order', () => {
    const { sql, params } = insertStatement([rec, { ...rec, requestId: 'r2' }]);
    expect(params).toHaveLength(2 * COLUMNS.length);
    expect(sql).toContain(`($1,$2,`);
    expect(sql).toContain(`($${COLUMNS.length + 1},`);
    expect(sql.endsWith('ON CONFLICT DO NOTHING')).toBe(true);
    const row = Object.fromEntries(COLUMNS.map((c, i) => [c, params[i]]));
    expect(row).toMatchObject({
      request_id: 'r1',
      route_version: 2,
      input_tokens: 10,
      output_tokens: 5,
      cached_tokens: 4,
      cost_usd: 0.001,
      request_body: null,
      cache: null,
      cost_saved_usd: null,
    });
    const hit = Object.fromEntries(COLUMNS.map((c, i) => [c, insertStatement([{ ...rec, costUsd: 0, cache: 'hit', savedUsd: 0.002 }]).params[i]]));
    expect(hit).toMatchObject({ cost_usd: 0, cache: 'hit', cost_saved_usd: 0.002 });
    expect(JSON.parse(row.attempts as string)).toEqual(rec.attempts);
  });
});
