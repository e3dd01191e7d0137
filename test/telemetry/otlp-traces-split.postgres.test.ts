import { isolatedEnv, mode } from '../support/env.js';
import { type RunningServer, startServer } from '../support/server.js';
import { startOtlpReceiver } from './otlp-receiver.js';
import { childrenOf, CLIENT, experimentSpans, LAB, post, PROMPT, SERVER } from './trace-scenario.js';
import { runSmallExperiment } from './trace-scenario.js';

/** The api/worker split: the gateway's spans come from the api process, the dataset run's from the worker; both export. */
describe(`OpenTelemetry traces from split processes (${mode.database}, ${mode.queue})`, () => {
  let receiver: Awaited<ReturnType<typeof startOtlpReceiver>>;
  const procs: RunningServer[] = [];
  let cleanup: (() => Promise<void>) | undefined;
  afterAll(async () => {
    for (const p of procs) await p.stop();
    await cleanup?.();
    await receiver?.close();
  });

  it('exports the gateway request from the api process and the run chunk from the worker', async () => {
    receiver = await startOtlpReceiver();
    const iso = await isolatedEnv();
    cleanup = iso.cleanup;
    const otel = (role: string) => ({
      SWITCHYARD_ROLE: role,
      OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
      OTEL_BSP_SCHEDULE_DELAY: '100',
      OTEL_RESOURCE_ATTRIBUTES: `service.instance.id=${role}-1`,
    });
    const api = await startServer({ reuse: iso.env, env: otel('api') });
    procs.push(api);
    const worker = await startServer({ reuse: iso.env, env: otel('worker') });
    procs.push(worker);
    await post(api, '/api/providers', LAB);
    const { secret } = await post(api, '/api/keys', { name: 'split' });
    const res = await fetch(`${api.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${secret}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'lab/broken', models: ['lab/good'], messages: [{ role: 'user', content: PROMPT }] }),
    });
    expect(res.status).toBe(200);
    const id = res.headers.get('x-switchyard-request-id');
    await receiver.waitFor('the gateway request', (spans) => spans.some((s) => s.attributes['switchyard.request.id'] === id && s.kind === SERVER));
    const span = receiver.spans.find((s) => s.attributes['switchyard.request.id'] === id && s.kind === SERVER)!;
    expect(span.resource['service.instance.id']).toBe('api-1');
    await receiver.waitFor('its attempts', (spans) => childrenOf(spans, span).length === 2);
    expect(childrenOf(receiver.spans, span).every((a) => a.kind === CLIENT)).toBe(true);

    await runSmallExperiment(api, 'split-run');
    await receiver.waitFor('the run', (spans) => experimentSpans(spans, 'split-run').attempts.length === 6);
    const { chunks, calls } = experimentSpans(receiver.spans, 'split-run');
    expect(chunks.map((c) => c.resource['service.instance.id'])).toEqual(['worker-1']);
    expect(calls).toHaveLength(6);
    expect(calls.every((c) => c.resource['service.instance.id'] === 'worker-1')).toBe(true);
  });
});
