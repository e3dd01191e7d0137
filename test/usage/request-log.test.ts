import { mode } from '../support/env.js';
import { ensureSimulator, type RunningServer, startServer } from '../support/server.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe(`request log writer (${mode.database})`, () => {
  let server: RunningServer;
  let secret: string;
  const chat = (model: string, content: string, requestId?: string) =>
    fetch(`${server.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${secret}`, 'content-type': 'application/json', ...(requestId ? { 'x-request-id': requestId } : {}) },
      body: JSON.stringify({ model, messages: [{ role: 'user', content }] }),
    });
  const logged = async (id: string) => (await server.request(`/api/requests/${id}`)).status === 200;
  const metric = async (name: string) => Number(new RegExp(`^${name} (\\d+)`, 'm').exec(await (await server.request('/metrics')).text())?.[1]);

  beforeAll(async () => {
    server = await startServer();
    await ensureSimulator(server);
    secret = (await (await server.request('/api/keys', { method: 'POST', json: { name: 'log' } })).json()).secret;
    const res = await server.request('/api/routes', {
      method: 'POST',
      json: { alias: 'kept', targets: [{ model: 'sim/sim-instant', weight: 100 }], capture: { bodies: true, redact: [] } },
    });
    expect(res.status).toBe(201);
  });
  afterAll(() => server?.close());

  it('writes a burst of requests once each, with every column a request sets', async () => {
    const ids = Array.from({ length: 300 }, (_, i) => `burst-${i}`);
    const statuses = await Promise.all(
      ids.map((id, i) => chat(i % 2 ? 'kept' : 'sim/sim-instant', `line\twith\\odd\ncharacters ${i}`, id).then((r) => r.status)),
    );
    expect(statuses.every((s) => s === 200)).toBe(true);
    for (let i = 0; i < 50 && !(await logged(ids.at(-1)!)); i++) await sleep(100);
    const rows = (await (await server.request('/api/requests?limit=500')).json()) as Array<{ requestId: string }>;
    const mine = rows.filter((r) => r.requestId.startsWith('burst-'));
    expect(new Set(mine.map((r) => r.requestId))).toEqual(new Set(ids));
    const one = await (await server.request('/api/requests/burst-1')).json();
    expect(one).toMatchObject({ requestId: 'burst-1', route: 'kept', routeVersion: 1, target: 'sim/sim-instant', status: 200, stream: false });
    expect(one.inputTokens).toBeGreaterThan(0);
    expect(one.attempts).toEqual([expect.objectContaining({ target: 'sim/sim-instant' })]);
    // A captured body keeps its tabs, backslashes and newlines.
    expect(one.requestBody.messages[0].content).toBe('line\twith\\odd\ncharacters 1');
  });

  it('drops and counts a record the database refuses, and keeps logging the others', async () => {
    const before = (await metric('switchyard_request_log_rejected')) || 0;
    // PostgreSQL cannot store \u0000 in jsonb: with bodies captured, this record cannot be written.
    expect((await chat('kept', 'nul \u0000 here', 'refused-1')).status).toBe(200);
    expect((await chat('kept', 'fine', 'accepted-1')).status).toBe(200);
    for (let i = 0; i < 50 && !(await logged('accepted-1')); i++) await sleep(100);
    expect(await logged('accepted-1')).toBe(true);
    expect(await logged('refused-1')).toBe(false);
    expect(await metric('switchyard_request_log_rejected')).toBe(before + 1);
    expect((await chat('kept', 'after', 'accepted-2')).status).toBe(200);
    for (let i = 0; i < 50 && !(await logged('accepted-2')); i++) await sleep(100);
    expect(await logged('accepted-2')).toBe(true);
  });

  it('a request id sent twice in one batch is logged once, the rest of the batch too', async () => {
    const res = await Promise.all([chat('sim/sim-instant', 'a', 'twice'), chat('sim/sim-instant', 'b', 'twice'), chat('sim/sim-instant', 'c', 'once-more')]);
    expect(res.map((r) => r.status)).toEqual([200, 200, 200]);
    for (let i = 0; i < 50 && !(await logged('once-more')); i++) await sleep(100);
    const rows = (await (await server.request('/api/requests?limit=500')).json()) as Array<{ requestId: string }>;
    expect(rows.filter((r) => r.requestId === 'once-more')).toHaveLength(1);
    expect(rows.filter((r) => r.requestId === 'twice').length).toBeGreaterThanOrEqual(1);
  });
});
