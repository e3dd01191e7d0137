import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mode } from '../support/env.js';
import { type RunningServer, startServer } from '../support/server.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const FAULTS = ['ok', 'spike', '429', '500', '503', 'reset', 'truncated', 'invalid-json', 'hang-then-ok'] as const;
type Fault = (typeof FAULTS)[number];

/**
 * A chaos upstream speaking OpenAI's wire format: for `chaos-*` models each call draws a fault from a
 * seeded sequence (latency spike, 429 storm with retry-after, 500, 503, connection reset, a stream cut in
 * the middle, a body that is not JSON); `steady` always answers.
 */
async function chaosUpstream(seed: number) {
  let s = seed >>> 0;
  const next = () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 4294967296;
  };
  const served: Fault[] = [];
  const server: Server = createServer((req, res) => {
    let raw = '';
    req.on('data', (d) => (raw += d));
    req.on('end', async () => {
      const body = JSON.parse(raw);
      const fault: Fault = body.model === 'steady' ? 'ok' : FAULTS[Math.floor(next() * FAULTS.length)];
      served.push(fault);
      const error = (status: number, type: string, extra: Record<string, string> = {}) => {
        res.writeHead(status, { 'content-type': 'application/json', ...extra });
        res.end(JSON.stringify({ error: { message: `chaos ${status}`, type, param: null, code: null } }));
      };
      if (fault === 'spike') await sleep(400);
      if (fault === '429') return error(429, 'rate_limit_error', { 'retry-after': '1' });
      if (fault === '500') return error(500, 'server_error');
      if (fault === '503') return error(503, 'server_error');
      if (fault === 'reset') return void req.socket.destroy();
      if (fault === 'invalid-json') {
        res.writeHead(200, { 'content-type': 'application/json' });
        return void res.end('{"id":"chatcmpl-x","choices":[{"message":');
      }
      if (fault === 'hang-then-ok') await sleep(3000); // beyond the route's first-byte timeout
      const content = `Answer from ${body.model}`;
      if (!body.stream) {
        res.writeHead(200, { 'content-type': 'application/json' });
        return void res.end(
          JSON.stringify({
            id: 'chatcmpl-chaos',
            object: 'chat.completion',
            created: 1,
            model: body.model,
            choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: 'stop' }],
            usage: { prompt_tokens: 5, completion_tokens: 4, total_tokens: 9 },
          }),
        );
      }
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      const chunk = (delta: object, finish: string | null = null) =>
        `data: ${JSON.stringify({ id: 'chatcmpl-chaos', object: 'chat.completion.chunk', created: 1, model: body.model, choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`;
      res.write(chunk({ role: 'assistant', content: '' }));
      for (const word of content.split(' ')) res.write(chunk({ content: `${word} ` }));
      if (fault === 'truncated') return void setTimeout(() => req.socket.destroy(), 20);
      res.end(chunk({}, 'stop') + 'data: [DONE]\n\n');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`,
    served,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

describe(`a chaotic upstream: every client gets an answer or an OpenAI-shaped error, nothing hangs, each request is logged once (${mode.database})`, () => {
  let server: RunningServer;
  let chaos: Awaited<ReturnType<typeof chaosUpstream>>;
  let secret: string;

  beforeAll(async () => {
    chaos = await chaosUpstream(42);
    server = await startServer();
    const ok = async (path: string, json: unknown) => expect((await server.request(path, { method: 'POST', json })).status).toBe(201);
    await ok('/api/providers', {
      name: 'chaos',
      kind: 'openai',
      baseUrl: chaos.url,
      apiKey: 'k',
      models: ['chaos-a', 'chaos-b', 'steady'].map((model) => ({ model, inputPricePerM: 1, outputPricePerM: 1 })),
      timeouts: { connectMs: 1000, firstByteMs: 1500, totalMs: 5000 },
    });
    // Two flaky targets, a steady last resort; fallbacks on every retryable kind.
    await ok('/api/routes', {
      alias: 'storm',
      targets: [
        { model: 'chaos/chaos-a', weight: 50 },
        { model: 'chaos/chaos-b', weight: 50 },
        { model: 'chaos/steady', weight: 0 },
      ],
      fallback: { maxAttempts: 3 },
    });
    await ok('/api/routes', { alias: 'no-net', targets: [{ model: 'chaos/chaos-a', weight: 100 }], fallback: { maxAttempts: 1 } });
    secret = (await (await server.request('/api/keys', { method: 'POST', json: { name: 'chaos' } })).json()).secret;
  });
  afterAll(async () => {
    await server?.close();
    await chaos?.close();
  });

  it('survives 240 requests, streamed and not, with and without fallbacks', async () => {
    const ids = new Set<string>();
    const outcomes: Record<string, number> = {};
    const one = async (i: number) => {
      const route = i % 3 === 0 ? 'no-net' : 'storm';
      const stream = i % 2 === 0;
      const started = Date.now();
      const res = await fetch(`${server.url}/v1/chat/completions`, {
        method: 'POST',
        headers: { authorization: `Bearer ${secret}`, 'content-type': 'application/json' },
        body: JSON.stringify({ model: route, stream, messages: [{ role: 'user', content: `request ${i}` }] }),
        signal: AbortSignal.timeout(20_000),
      });
      const text = await res.text();
      const elapsed = Date.now() - started;
      expect({ i, hung: elapsed > 15_000 }).toEqual({ i, hung: false });
      const id = res.headers.get('x-switchyard-request-id');
      expect(id).toEqual(expect.any(String));
      ids.add(id!);
      let outcome: string;
      if (res.status !== 200) {
        // An OpenAI-shaped error with a status that says what happened.
        const err = JSON.parse(text) as { error: { message: string; type: string; code: unknown } };
        expect(err.error).toMatchObject({ message: expect.any(String), type: expect.any(String) });
        expect([429, 500, 502, 503, 504]).toContain(res.status);
        outcome = `error ${res.status}`;
      } else if (!stream) {
        const body = JSON.parse(text) as { choices: Array<{ message: { content: string } }> };
        expect(body.choices[0].message.content).toMatch(/^Answer from (chaos-a|chaos-b|steady)$/);
        outcome = 'answer';
      } else {
        const events = text.split('\n\n').filter((e) => e.startsWith('data: '));
        const last = events.at(-1)!;
        if (last === 'data: [DONE]') {
          const words = events
            .slice(0, -1)
            .map((e) => JSON.parse(e.slice(6)))
            .map((c) => c.choices[0]?.delta?.content ?? '')
            .join('');
          expect(words.trim()).toMatch(/^Answer from (chaos-a|chaos-b|steady)$/);
          outcome = 'streamed answer';
        } else {
          // A stream cut after it began ends with an error event, never a hang or a silent end.
          expect(JSON.parse(last.slice(6)).error).toMatchObject({ message: expect.any(String), type: expect.any(String) });
          outcome = 'stream error event';
        }
      }
      outcomes[outcome] = (outcomes[outcome] ?? 0) + 1;
    };
    const N = 240;
    let next = 0;
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        while (next < N) await one(next++);
      }),
    );
    expect(ids.size).toBe(N);
    // Every fault kind happened, and fallbacks turned most of the storm into answers.
    for (const f of FAULTS) expect(chaos.served).toContain(f);
    expect((outcomes.answer ?? 0) + (outcomes['streamed answer'] ?? 0)).toBeGreaterThan(N / 2);
    expect(Object.keys(outcomes).some((o) => o.startsWith('error'))).toBe(true);

    // Every request is in the request log exactly once.
    const logged = new Map<string, number>();
    const deadline = Date.now() + 20_000;
    while (Date.now() < deadline) {
      logged.clear();
      let before = '';
      for (let page = 0; page < 5; page++) {
        const res = await server.request(`/api/requests?limit=500${before ? `&before=${encodeURIComponent(before)}` : ''}`);
        const rows = (await res.json()) as Array<{ requestId: string; at: string }>;
        for (const r of rows) logged.set(r.requestId, (logged.get(r.requestId) ?? 0) + 1);
        if (rows.length < 500) break;
        before = rows.at(-1)!.at;
      }
      if ([...ids].every((id) => logged.has(id))) break;
      await sleep(300);
    }
    expect([...ids].filter((id) => logged.get(id) !== 1)).toEqual([]);
  }, 240_000);
});
