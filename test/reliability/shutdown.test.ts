import { isolatedEnv, mode } from '../support/env.js';
import { type RunningServer, startServer } from '../support/server.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * SIGTERM under load: streams that had started finish with [DONE], non-streaming calls in flight get
 * their answer, the dataset run's chunks in flight are stored, the process exits 0; started again on the
 * same storage, the run completes with every result exactly once.
 */
describe(`graceful shutdown under load (${mode.database}, ${mode.queue})`, () => {
  it('drains streams, calls and jobs, then resumes the run after a restart', async () => {
    const { env, cleanup } = await isolatedEnv();
    let server: RunningServer = await startServer({ reuse: env });
    try {
      const post = async (path: string, json: unknown) => {
        const res = await server.request(path, { method: 'POST', json });
        expect(res.status).toBeLessThan(300);
        return res.json();
      };
      const models = {
        streamer: { latency: { firstTokenMs: { p50: 100, p95: 150 }, tokensPerSecond: 40 }, quality: 0.8, outputTokens: { min: 80, max: 120 } },
        worker: { latency: { firstTokenMs: { p50: 40, p95: 60 }, tokensPerSecond: 1e9 }, quality: 0.8 },
      };
      await post('/api/providers', { name: 'lab', kind: 'simulator', options: { models }, models: [{ model: 'streamer' }, { model: 'worker' }] });
      await post('/api/graders', { name: 'exact', type: 'exact_match', config: {} });
      await post('/api/datasets', { name: 'drain-items' });
      const lines = Array.from({ length: 300 }, (_, i) => JSON.stringify({ input: { question: `Item ${i}: what is 3 + 4?` }, expected: '7' }));
      expect(
        (
          await server.request('/api/datasets/drain-items/versions', {
            method: 'POST',
            body: lines.join('\n'),
            headers: { 'content-type': 'application/x-ndjson' },
          })
        ).status,
      ).toBe(201);
      const key = (await post('/api/keys', { name: 'app' })).secret as string;
      await post('/api/experiments', {
        name: 'drained',
        kind: 'dataset',
        dataset: { name: 'drain-items' },
        variants: [
          { name: 'a', model: 'lab/worker' },
          { name: 'b', model: 'lab/worker', params: { temperature: 0.3 } },
        ],
        graders: ['exact'],
        concurrency: 4,
      });
      const progress = async (s: RunningServer) => (await (await s.request('/api/experiments/drained/progress')).json()) as { status: string; done: number };
      while ((await progress(server)).done < 20) await sleep(50);

      // Ten streams and ten plain calls in flight (each stream about 2.5 s long), then SIGTERM.
      const first: Array<Promise<void>> = [];
      const streams = Array.from({ length: 10 }, (_, i) =>
        fetch(`${server.url}/v1/chat/completions`, {
          method: 'POST',
          headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
          body: JSON.stringify({ model: 'lab/streamer', stream: true, messages: [{ role: 'user', content: `Tell me a long story, number ${i}.` }] }),
        }).then(async (res) => {
          const reader = res.body!.getReader();
          let text = '';
          let resolveFirst!: () => void;
          first.push(new Promise<void>((r) => (resolveFirst = r)));
          for (;;) {
            const { done, value } = await reader.read();
            if (done) break;
            text += new TextDecoder().decode(value);
            resolveFirst();
          }
          return { status: res.status, text };
        }),
      );
      while (first.length < 10) await sleep(20);
      await Promise.all(first);
      const plain = Array.from({ length: 10 }, (_, i) =>
        fetch(`${server.url}/v1/chat/completions`, {
          method: 'POST',
          headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
          body: JSON.stringify({ model: 'lab/streamer', messages: [{ role: 'user', content: `Another long story ${i}.` }] }),
        }).then(async (res) => ({ status: res.status, body: await res.text() })),
      );
      // Long enough for the server to have accepted and read them on a loaded machine (each takes ~2.5 s, so they
      // are still in flight): a connection still in the accept queue when the listener closes is reset, by design.
      await sleep(1000);
      const exit = server.stop('SIGTERM');

      for (const s of await Promise.all(streams)) {
        expect(s.status).toBe(200);
        expect(s.text.trimEnd().endsWith('data: [DONE]')).toBe(true);
        expect(s.text).not.toContain('"error"');
      }
      for (const p of await Promise.all(plain)) {
        expect(p.status).toBe(200);
        expect(JSON.parse(p.body).choices[0].message.content.length).toBeGreaterThan(0);
      }
      expect(await exit).toBe(0);
      const msgs = server.logs().map((l) => l.msg);
      expect(msgs).toEqual(expect.arrayContaining(['SIGTERM received: draining requests and jobs', 'job queue closed', 'shutdown complete']));

      // Started again: the reconciler re-enqueues what is missing and the run completes, every result once.
      server = await startServer({ reuse: env });
      const deadline = Date.now() + 90_000;
      let p = await progress(server);
      while (p.status !== 'completed') {
        if (Date.now() > deadline) throw new Error(`not completed after the restart: ${JSON.stringify(p)}`);
        await sleep(250);
        p = await progress(server);
      }
      expect(p).toMatchObject({ status: 'completed', done: 600, failed: 0 });
      const page = (await (await server.request('/api/experiments/drained/results?limit=500')).json()) as { total: number };
      expect(page.total).toBe(300);
    } finally {
      await server.close();
      await cleanup();
    }
  }, 180_000);
});
