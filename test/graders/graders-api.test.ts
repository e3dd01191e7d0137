import { readFileSync } from 'node:fs';
import { startFakeOpenAI } from '../fakes/openai-upstream.js';
import { mode } from '../support/env.js';
import { addFakeOpenAIProvider, type RunningServer, startServer } from '../support/server.js';

describe(`graders API (${mode.database})`, () => {
  let fake: Awaited<ReturnType<typeof startFakeOpenAI>>;
  let server: RunningServer;
  const tryIt = (body: unknown) => server.request('/api/graders/try', { method: 'POST', json: body });

  beforeAll(async () => {
    fake = await startFakeOpenAI();
    server = await startServer();
    await addFakeOpenAIProvider(server, fake.url, [{ model: 'judge', inputPricePerM: 1, outputPricePerM: 2 }, { model: 'fail-503' }]);
  });
  afterAll(async () => {
    await server?.close();
    await fake?.close();
  });

  it('lists every grader type with its config schema', async () => {
    const types = (await (await server.request('/api/graders/types')).json()) as Array<{ type: string; schema: object }>;
    expect(types.map((t) => t.type)).toEqual(
      expect.arrayContaining(['exact_match', 'numeric', 'json_schema', 'llm_judge', 'composite', 'embedding_similarity']),
    );
    expect(types.find((t) => t.type === 'regex')!.schema).toMatchObject({ required: ['pattern'] });
  });

  it("matches the console's fixture, so the form specs test the schemas the API serves", async () => {
    const fixture = JSON.parse(readFileSync(new URL('../../frontend/src/test/grader-types.json', import.meta.url), 'utf8'));
    expect(await (await server.request('/api/graders/types')).json()).toEqual(fixture);
  });

  it('tries a deterministic grader, and names a bad config by path', async () => {
    const ok = await tryIt({
      grader: { type: 'numeric', config: { absTolerance: 0.5 } },
      output: 'It costs $41.80',
      item: { input: { q: 'price?' }, expected: '42' },
    });
    expect(await ok.json()).toEqual({ ok: true, score: 1, pass: true, reason: '41.8 ≈ 42' });
    const bad = await tryIt({ grader: { type: 'numeric', config: { absTolerance: -1 } }, output: 'x', item: { input: { q: 'x' } } });
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.details).toEqual([{ path: 'grader.config.absTolerance', message: 'must be >= 0' }]);
    const cannot = await tryIt({ grader: { type: 'exact_match' }, output: 'x', item: { input: { q: 'x' } } });
    expect(await cannot.json()).toEqual({ ok: false, error: 'no expected answer: the item has none and the grader config sets none' });
  });

  it('an LLM judge grades through the gateway (a fake judge model) and reports its cost', async () => {
    const judge = { type: 'llm_judge', config: { model: 'oai/judge', template: 'factuality' } };
    const good = await (
      await tryIt({ grader: judge, output: 'Paris, of course.', item: { input: { question: 'Capital of France?' }, expected: 'Paris' } })
    ).json();
    expect(good).toMatchObject({ ok: true, score: 1, pass: true, reason: 'C: The submission states Paris, as the expert does.' });
    expect(good.judgeCostUsd).toBeGreaterThan(0);
    const judged = fake.requests.at(-1)!.body;
    expect(judged.temperature).toBe(0);
    expect(judged.messages[1].content).toContain('<<<OUTPUT>>>\nParis, of course.\n<<</OUTPUT>>>');
    const bad = await (await tryIt({ grader: judge, output: 'Lyon.', item: { input: { question: 'Capital of France?' }, expected: 'Paris' } })).json();
    expect(bad).toMatchObject({ ok: true, score: 0, pass: false });
    const down = await (
      await tryIt({ grader: { type: 'llm_judge', config: { model: 'oai/fail-503' } }, output: 'x', item: { input: { q: 'x' }, expected: 'y' } })
    ).json();
    expect(down).toMatchObject({ ok: false, error: expect.stringMatching(/overloaded/i) });
  });

  it('a pairwise judge asks twice with the order swapped', async () => {
    const since = fake.requests.length;
    const r = await (
      await tryIt({
        grader: { type: 'pairwise', config: { model: 'oai/judge' } },
        output: 'Paris.',
        baseline: 'Lyon.',
        item: { input: { q: 'Capital of France?' } },
      })
    ).json();
    expect(r).toMatchObject({ ok: true, score: 1, pass: true, reason: 'output as A: A, output as B: B' });
    expect(fake.requests.length - since).toBe(2);
  });

  it('a judge prompt with a template error is refused when saved, with line and column', async () => {
    const res = await server.request('/api/graders', {
      method: 'POST',
      json: { name: 'bad-judge', type: 'llm_judge', config: { model: 'oai/judge', prompt: 'Grade:\n{{output}\n', choices: { Y: 1, N: 0 } } },
    });
    expect(res.status).toBe(400);
    expect((await res.json()).error.details[0]).toMatchObject({ path: 'config.prompt', message: expect.stringMatching(/^line 2, column \d+: /) });
  });

  it('saves, lists, changes and deletes graders', async () => {
    const created = await server.request('/api/graders', {
      method: 'POST',
      json: { name: 'label', type: 'one_of', config: { labels: ['positive', 'negative'] } },
    });
    expect(created.status).toBe(201);
    expect((await server.request('/api/graders', { method: 'POST', json: { name: 'label', type: 'json_valid' } })).status).toBe(409);
    const tried = await (await tryIt({ name: 'label', output: 'Negative', item: { input: { review: 'bad' }, expected: 'negative' } })).json();
    expect(tried).toMatchObject({ ok: true, pass: true });
    expect((await server.request('/api/graders/label', { method: 'PUT', json: { type: 'one_of', config: { labels: ['a', 'b', 'c'] } } })).status).toBe(200);
    expect((await (await server.request('/api/graders')).json()).map((g: { name: string }) => g.name)).toContain('label');
    expect((await server.request('/api/graders/label', { method: 'DELETE' })).status).toBe(204);
    expect((await server.request('/api/graders/label')).status).toBe(404);
  });
});
