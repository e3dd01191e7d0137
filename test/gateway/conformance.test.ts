import OpenAI from 'openai';
import { startFakeAnthropic } from '../fakes/anthropic-upstream.js';
import { startFakeGemini } from '../fakes/gemini-upstream.js';
import { startFakeOpenAI } from '../fakes/openai-upstream.js';
import { mode } from '../support/env.js';
import { type RunningServer, startServer } from '../support/server.js';

type Fake = { url: string; close(): Promise<void> };

const weatherTool = {
  type: 'function' as const,
  function: {
    name: 'get_weather',
    description: 'Current weather',
    parameters: { type: 'object', properties: { location: { type: 'string' } }, required: ['location'] },
  },
};

/**
 * The conformance kit: the same client code, the official openai SDK, against every provider kind
 * through the gateway; each kind's fake upstream speaks that provider's own wire format.
 */
describe(`conformance: every provider kind through the gateway (${mode.database})`, () => {
  let server: RunningServer;
  let client: OpenAI;
  const fakes: Fake[] = [];

  beforeAll(async () => {
    const [openai, anthropic, gemini] = await Promise.all([startFakeOpenAI(), startFakeAnthropic(), startFakeGemini()]);
    fakes.push(openai, anthropic, gemini);
    server = await startServer();
    const accounts = [
      { name: 'oai', kind: 'openai', baseUrl: openai.url, apiKey: 'test-key', models: [{ model: 'gpt-test' }] },
      { name: 'ant', kind: 'anthropic', baseUrl: anthropic.url, apiKey: 'test-key', models: [{ model: 'claude-test' }] },
      { name: 'gem', kind: 'gemini', baseUrl: gemini.url, apiKey: 'test-key', models: [{ model: 'gemini-test' }] },
      { name: 'simulated', kind: 'simulator' },
    ];
    for (const a of accounts) {
      const res = await server.request('/api/providers', { method: 'POST', json: a });
      expect(res.status).toBe(201);
    }
    const key = await (await server.request('/api/keys', { method: 'POST', json: { name: 'conformance' } })).json();
    client = new OpenAI({ baseURL: `${server.url}/v1`, apiKey: key.secret, maxRetries: 0 });
  });
  afterAll(async () => {
    await server?.close();
    await Promise.all(fakes.map((f) => f.close()));
  });

  describe.each([['oai/gpt-test'], ['ant/claude-test'], ['gem/gemini-test'], ['simulated/sim-small']])('%s', (model) => {
    it('answers a chat completion with usage', async () => {
      const res = await client.chat.completions.create({
        model,
        messages: [
          { role: 'system', content: 'Be brief.' },
          { role: 'user', content: 'Say hello 🌍' },
        ],
      });
      expect(typeof res.choices[0].message.content).toBe('string');
      expect(res.choices[0].message.content!.length).toBeGreaterThan(0);
      expect(res.choices[0].finish_reason).toBe('stop');
      expect(res.usage!.prompt_tokens).toBeGreaterThan(0);
      expect(res.usage!.completion_tokens).toBeGreaterThan(0);
      expect(res.model).toBe(model);
    });

    it('streams the same text it answers without streaming, ending with usage', async () => {
      const messages = [{ role: 'user' as const, content: 'Say hello 🌍' }];
      const whole = await client.chat.completions.create({ model, messages, seed: 7 });
      const stream = await client.chat.completions.create({ model, messages, seed: 7, stream: true, stream_options: { include_usage: true } });
      let text = '';
      let usage;
      for await (const chunk of stream) {
        text += chunk.choices[0]?.delta?.content ?? '';
        if (chunk.usage) usage = chunk.usage;
      }
      expect(text).toBe(whole.choices[0].message.content);
      expect(usage).toBeDefined();
    });

    it('calls tools and takes the tool result back', async () => {
      const ask = [{ role: 'user' as const, content: 'What is the weather in Paris?' }];
      const res = await client.chat.completions.create({
        model,
        messages: ask,
        tools: [weatherTool],
        tool_choice: model.startsWith('simulated') ? 'required' : 'auto',
      });
      const msg = res.choices[0].message;
      expect(res.choices[0].finish_reason).toBe('tool_calls');
      const call = msg.tool_calls![0];
      expect(call.type).toBe('function');
      if (call.type !== 'function') return;
      expect(call.function.name).toBe('get_weather');
      expect(typeof JSON.parse(call.function.arguments).location).toBe('string');

      const stream = await client.chat.completions.create({
        model,
        messages: ask,
        tools: [weatherTool],
        tool_choice: model.startsWith('simulated') ? 'required' : 'auto',
        stream: true,
      });
      let args = '';
      let name = '';
      for await (const c of stream) {
        const d = c.choices[0]?.delta?.tool_calls?.[0];
        name += d?.function?.name ?? '';
        args += d?.function?.arguments ?? '';
      }
      expect(name).toBe('get_weather');
      expect(typeof JSON.parse(args).location).toBe('string');

      const followUp = await client.chat.completions.create({
        model,
        messages: [...ask, msg, { role: 'tool', tool_call_id: call.id, content: '21°C, sunny' }],
        tools: [weatherTool],
      });
      expect(followUp.choices[0].message.content).toBeTruthy();
    });

    it('answers JSON in JSON mode', async () => {
      const res = await client.chat.completions.create({
        model,
        messages: [
          { role: 'system', content: 'Reply in JSON.' },
          { role: 'user', content: 'Give me an object' },
        ],
        response_format: { type: 'json_object' },
      });
      expect(typeof JSON.parse(res.choices[0].message.content!)).toBe('object');
    });
  });

  it('labels simulated models as simulated', async () => {
    const res = await client.chat.completions.create({ model: 'simulated/sim-small', messages: [{ role: 'user', content: 'hi' }] });
    expect(res.system_fingerprint).toBe('switchyard-simulator');
    const catalogue = await (await server.request('/api/models')).json();
    expect(catalogue.find((m: { id: string }) => m.id === 'simulated/sim-small')).toMatchObject({ simulated: true });
    expect(catalogue.find((m: { id: string }) => m.id === 'oai/gpt-test')).toMatchObject({ simulated: false });
  });
});
