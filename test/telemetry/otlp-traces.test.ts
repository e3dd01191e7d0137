import { startFakeOpenAI } from '../fakes/openai-upstream.js';
import { mode } from '../support/env.js';
import { addFakeOpenAIProvider, type RunningServer, startServer } from '../support/server.js';
import { type ReceivedSpan, startOtlpReceiver } from './otlp-receiver.js';
import { CLIENT, CONSUMER, childrenOf, ERROR, experimentSpans, INTERNAL, LAB, post, PROMPT, runSmallExperiment, SERVER } from './trace-scenario.js';

const CALLER_TRACE = '4bf92f3577b34da6a3ce929d0e0e4736';
const CALLER_SPAN = '00f067aa0ba902b7';

describe(`OpenTelemetry traces over OTLP/HTTP (${mode.database}, ${mode.queue})`, () => {
  let receiver: Awaited<ReturnType<typeof startOtlpReceiver>>;
  let upstream: Awaited<ReturnType<typeof startFakeOpenAI>>;
  let server: RunningServer;
  let secret: string;
  let keyId: string;
  const requestSpan = (requestId: string) => receiver.spans.find((s) => s.attributes['switchyard.request.id'] === requestId && s.kind === SERVER);
  const chat = (body: Record<string, unknown>, headers: Record<string, string> = {}) =>
    fetch(`${server.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${secret}`, 'content-type': 'application/json', ...headers },
      body: JSON.stringify({ messages: [{ role: 'user', content: PROMPT }], ...body }),
      signal: AbortSignal.timeout(20_000),
    });

  beforeAll(async () => {
    receiver = await startOtlpReceiver();
    // Spans wait 1.5 s in the batch: the last test shows SIGTERM exports what is still waiting.
    server = await startServer({
      env: { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url, OTEL_BSP_SCHEDULE_DELAY: '1500', OTEL_RESOURCE_ATTRIBUTES: 'deployment.environment=test' },
    });
    await post(server, '/api/providers', LAB);
    upstream = await startFakeOpenAI();
    await addFakeOpenAIProvider(server, upstream.url, [{ model: 'gpt-traced', inputPricePerM: 1, outputPricePerM: 2 }]);
    ({ secret, id: keyId } = await post(server, '/api/keys', { name: 'traced-app' }));
  });
  afterAll(async () => {
    await server?.close();
    await receiver?.close();
    await upstream?.close();
  });

  it('exports one server span per request, joined to the caller’s trace, with one child span per attempt', async () => {
    const res = await chat(
      { model: 'lab/broken', models: ['lab/good'], temperature: 0.3, top_p: 0.8, max_tokens: 40 },
      { traceparent: `00-${CALLER_TRACE}-${CALLER_SPAN}-01` },
    );
    expect(res.status).toBe(200);
    const answer = await res.json();
    const id = res.headers.get('x-switchyard-request-id')!;
    await receiver.waitFor('the fallback request', () => requestSpan(id) !== undefined);
    const span = requestSpan(id)!;
    expect(receiver.posts.filter((p) => p.path !== '/v1/traces' || !p.contentType.startsWith('application/json'))).toEqual([]);
    expect(span).toMatchObject({ traceId: CALLER_TRACE, parentSpanId: CALLER_SPAN, name: 'chat lab/broken', kind: SERVER });
    expect(span.resource).toMatchObject({ 'service.name': 'switchyard', 'deployment.environment': 'test' });
    expect(span.status.code).not.toBe(ERROR);
    expect(span.attributes).toMatchObject({
      'gen_ai.operation.name': 'chat',
      'gen_ai.provider.name': 'switchyard.simulator',
      'gen_ai.request.model': 'lab/broken',
      'gen_ai.response.model': 'good',
      'gen_ai.request.temperature': 0.3,
      'gen_ai.request.top_p': 0.8,
      'gen_ai.request.max_tokens': 40,
      'gen_ai.request.stream': false,
      'gen_ai.usage.input_tokens': answer.usage.prompt_tokens,
      'gen_ai.usage.output_tokens': answer.usage.completion_tokens,
      'gen_ai.response.finish_reasons': [answer.choices[0].finish_reason],
      'gen_ai.response.id': answer.id,
      'switchyard.key.id': keyId,
      'switchyard.target': 'lab/good',
      'switchyard.attempts': 2,
      'http.response.status_code': 200,
    });
    expect(span.attributes['switchyard.cost_usd']).toBeGreaterThan(0);

    await receiver.waitFor('both attempts', () => childrenOf(receiver.spans, span).length === 2);
    const attempts = childrenOf(receiver.spans, span).sort((a, b) => Number(a.startNs - b.startNs));
    expect(attempts.map((a) => [a.name, a.kind, a.attributes['switchyard.attempt.number'], a.attributes['switchyard.attempt.outcome']])).toEqual([
      ['chat broken', CLIENT, 1, 'error'],
      ['chat good', CLIENT, 2, 'ok'],
    ]);
    const [failed, ok] = attempts;
    expect(failed.status).toMatchObject({ code: ERROR, message: failed.attributes['error.type'] });
    expect(failed.attributes).toMatchObject({
      'gen_ai.provider.name': 'switchyard.simulator',
      'gen_ai.request.model': 'broken',
      'switchyard.error.retryable': true,
    });
    expect(['rate_limited', 'timeout', 'overloaded', 'server_error', 'network']).toContain(failed.attributes['error.type']);
    expect(failed.attributes['http.response.status_code']).toEqual(expect.any(Number));
    expect(ok.status.code).not.toBe(ERROR);
    expect(ok.attributes).toMatchObject({ 'gen_ai.usage.output_tokens': answer.usage.completion_tokens, 'gen_ai.request.model': 'good' });
    // Attempts lie inside the request, one after the other.
    expect(failed.startNs).toBeGreaterThanOrEqual(span.startNs);
    expect(ok.endNs).toBeLessThanOrEqual(span.endNs);
    expect(failed.endNs).toBeLessThanOrEqual(ok.startNs);

    // No prompt, no output, no secret in any attribute.
    const everything = JSON.stringify(receiver.spans.map((s) => [s.attributes, s.events]));
    expect(everything).not.toContain('TRACE-PROMPT');
    expect(everything).not.toContain(answer.choices[0].message.content.slice(0, 30));
    expect(everything).not.toContain(secret);
  });

  it('sends each attempt’s trace context upstream, so the provider’s side joins the trace under the attempt span', async () => {
    const tracestate = 'vendor=abc';
    const res = await chat({ model: 'oai/gpt-traced' }, { traceparent: `00-${CALLER_TRACE}-${CALLER_SPAN}-01`, tracestate });
    expect(res.status).toBe(200);
    const id = res.headers.get('x-switchyard-request-id')!;
    await receiver.waitFor('the request and its attempt', () => {
      const span = requestSpan(id);
      return span !== undefined && childrenOf(receiver.spans, span).length === 1;
    });
    const [attempt] = childrenOf(receiver.spans, requestSpan(id)!);
    const sent = upstream.requests.filter((r) => r.body?.model === 'gpt-traced').at(-1)!;
    expect(sent.headers.traceparent).toBe(`00-${CALLER_TRACE}-${attempt.spanId}-01`);
    expect(sent.headers.tracestate).toBe(tracestate);
  });

  it('ends a streamed request’s span when its stream ends, with the route, its finish reason and first-chunk time', async () => {
    await post(server, '/api/routes', { alias: 'traced-route', targets: [{ model: 'lab/slow', weight: 100 }] });
    const messages = [{ role: 'user', content: 'Explain the trade-offs of caching, briefly.' }];
    const res = await chat({ model: 'traced-route', messages, stream: true, stream_options: { include_usage: true } });
    const headersAt = performance.now();
    expect(res.status).toBe(200);
    const id = res.headers.get('x-switchyard-request-id')!;
    const text = await res.text();
    const streamedMs = performance.now() - headersAt;
    const usage = text
      .split('\n\n')
      .filter((e) => e.startsWith('data: {'))
      .map((e) => JSON.parse(e.slice(6)))
      .find((c) => c.usage)?.usage;
    await receiver.waitFor('the streamed request', () => requestSpan(id) !== undefined);
    const span = requestSpan(id)!;
    expect(span.name).toBe('chat traced-route');
    expect(span.attributes).toMatchObject({
      'gen_ai.request.stream': true,
      'gen_ai.response.finish_reasons': ['stop'],
      'gen_ai.usage.output_tokens': usage.completion_tokens,
      'switchyard.route.alias': 'traced-route',
      'switchyard.route.version': 1,
      'switchyard.attempts': 1,
    });
    expect(span.attributes['gen_ai.response.time_to_first_chunk']).toEqual(expect.any(Number));
    // The span covers the whole stream, not only its first chunk.
    expect(streamedMs).toBeGreaterThan(100);
    expect(Number(span.endNs - span.startNs) / 1e6).toBeGreaterThanOrEqual(streamedMs - 5);
    expect(span.attributes['gen_ai.response.time_to_first_chunk']).toBeLessThan(Number(span.endNs - span.startNs) / 1e9);
    await receiver.waitFor('its attempt', () => childrenOf(receiver.spans, span).length === 1);
    const [attempt] = childrenOf(receiver.spans, span);
    expect(attempt.attributes).toMatchObject({ 'switchyard.attempt.outcome': 'ok', 'gen_ai.response.finish_reasons': ['stop'] });
    expect(attempt.endNs).toBeLessThanOrEqual(span.endNs);
    expect(Number(attempt.endNs - attempt.startNs) / 1e6).toBeGreaterThanOrEqual(streamedMs - 5);
  });

  it('marks a request that failed on every target ERROR with its error code', async () => {
    const res = await chat({ model: 'lab/broken' });
    expect(res.status).toBeGreaterThanOrEqual(429); // the simulated kind: rate limited, overloaded, server error…
    const body = await res.json();
    const id = res.headers.get('x-switchyard-request-id')!;
    await receiver.waitFor('the failed request', () => requestSpan(id) !== undefined);
    const span = requestSpan(id)!;
    expect(span.status.code).toBe(ERROR);
    expect(span.attributes['switchyard.error.code']).toEqual(expect.stringMatching(/^upstream\//));
    expect(span.status.message).toBe(span.attributes['switchyard.error.code']);
    expect(span.attributes['http.response.status_code']).toBe(res.status);
    expect(['rate_limited', 'timeout', 'overloaded', 'server_error', 'network']).toContain(span.attributes['error.type']);
    expect(body.error.message).toEqual(expect.any(String));
    const attempts = childrenOf(receiver.spans, span);
    expect(attempts.length).toBe(span.attributes['switchyard.attempts']);
    for (const a of attempts) expect(a.status.code).toBe(ERROR);
  });

  it('gives each dataset-run chunk a span, with a child span per model call and its attempt under it', async () => {
    await runSmallExperiment(server, 'traced-run');
    await receiver.waitFor('the run’s chunk', () => experimentSpans(receiver.spans, 'traced-run').attempts.length === 6);
    const { chunks, calls, attempts } = experimentSpans(receiver.spans, 'traced-run');
    expect(chunks).toHaveLength(1);
    expect(chunks[0]).toMatchObject({ kind: CONSUMER });
    expect(chunks[0].attributes).toMatchObject({ 'switchyard.job.name': 'experiments.run-chunk', 'switchyard.job.items': 3, 'switchyard.job.variants': 2 });
    expect(calls).toHaveLength(6);
    for (const c of calls) {
      expect(c.kind).toBe(INTERNAL);
      expect(c.attributes).toMatchObject({
        'gen_ai.operation.name': 'chat',
        'switchyard.source': 'experiment:traced-run',
        'switchyard.experiment.id': chunks[0].attributes['switchyard.experiment.id'],
      });
    }
    expect(calls.map((c) => c.attributes['switchyard.experiment.variant']).sort()).toEqual([
      'candidate',
      'candidate',
      'candidate',
      'control',
      'control',
      'control',
    ]);
    expect(calls.filter((c) => c.attributes['gen_ai.request.temperature'] === 0.1)).toHaveLength(3);
    expect(attempts.every((a) => a.kind === CLIENT && a.attributes['switchyard.attempt.outcome'] === 'ok')).toBe(true);
  });

  it('exports the spans still waiting in the batch when the process stops (SIGTERM)', async () => {
    const res = await chat({ model: 'lab/good' });
    expect(res.status).toBe(200);
    const id = res.headers.get('x-switchyard-request-id')!;
    const before = receiver.spans.length;
    const found = (spans: ReceivedSpan[]) => spans.some((s) => s.attributes['switchyard.request.id'] === id);
    expect(await server.stop('SIGTERM')).toBe(0);
    expect(found(receiver.spans)).toBe(true);
    expect(receiver.spans.length).toBeGreaterThan(before);
  });
});
