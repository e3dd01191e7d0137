import OpenAI from 'openai';
import { startFakeOpenAI } from '../fakes/openai-upstream.js';
import { isolatedEnv, mode } from '../support/env.js';
import { addFakeOpenAIProvider, type RunningServer, startServer } from '../support/server.js';
import { cuttableProxy } from '../support/tcp-proxy.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Redis, where the cache lives, goes away (a TCP proxy cut) and comes back: requests get misses, never errors. */
(process.env.REDIS_URL ? describe : describe.skip)(`response cache through a Redis outage (${mode.database}, ${mode.queue})`, () => {
  it('serves misses while Redis is down and hits again once it is back', async () => {
    const fake = await startFakeOpenAI();
    const { env, cleanup } = await isolatedEnv();
    const proxy = await cuttableProxy(new URL(env.REDIS_URL));
    const redisUrl = new URL(env.REDIS_URL);
    redisUrl.host = `127.0.0.1:${proxy.port}`;
    let server: RunningServer | undefined;
    try {
      server = await startServer({ reuse: { ...env, REDIS_URL: redisUrl.toString() } });
      await addFakeOpenAIProvider(server, fake.url, [{ model: 'gpt-a', inputPricePerM: 1, outputPricePerM: 2 }]);
      const route = await server.request('/api/routes', {
        method: 'POST',
        json: { alias: 'cached', targets: [{ model: 'oai/gpt-a', weight: 100 }], cache: { enabled: true } },
      });
      expect(route.status).toBe(201);
      const { secret } = (await (await server.request('/api/keys', { method: 'POST', json: { name: 'outage' } })).json()) as { secret: string };
      const client = new OpenAI({ baseURL: `${server.url}/v1`, apiKey: secret, maxRetries: 0, timeout: 5_000 });
      const ask = async (content: string) => {
        const { data, response } = await client.chat.completions.create({ model: 'cached', messages: [{ role: 'user', content }] }).withResponse();
        return { content: data.choices[0].message.content, cache: response.headers.get('x-switchyard-cache') };
      };

      expect((await ask('before')).cache).toBe('miss');
      expect((await ask('before')).cache).toBe('hit');

      await proxy.cut();
      await sleep(300);
      for (let i = 0; i < 5; i++) {
        const started = Date.now();
        const r = await ask('before');
        expect(r).toEqual({ content: 'Echo: before ✓ 🌍', cache: 'miss' });
        expect(Date.now() - started).toBeLessThan(1_000);
      }

      await proxy.restore();
      let back = false;
      for (let i = 0; i < 100 && !back; i++) {
        await sleep(200);
        back = (await ask('after')).cache === 'hit';
      }
      expect(back).toBe(true);
      expect((await ask('before')).cache).toBe('hit');
    } finally {
      await server?.close();
      await proxy.close();
      await cleanup();
      await fake.close();
    }
  });
});
