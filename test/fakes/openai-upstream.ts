import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';

export interface RecordedRequest {
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
  body: any;
  /** The body's text as it arrived. */
  raw: string;
}

/**
 * A fake OpenAI chat-completions server speaking the documented wire format: JSON and SSE answers,
 * tool calls, JSON mode, embeddings, OpenAI's error bodies, and failure scenarios chosen by model name
 * (`fail-400`, `fail-401`, `fail-404`, `fail-429`, `fail-500`, `fail-503`, `slow-first-byte`, `cut-stream`,
 * `context-too-long`, `no-usage`, `verbatim`, `open-after-done`), and `judge`, a grading model that answers with a CHOICE line.
 */
export async function startFakeOpenAI(opts: { apiKey?: string } = {}) {
  const apiKey = opts.apiKey ?? 'test-key';
  const requests: RecordedRequest[] = [];
  const stats = { abortedStreams: 0 };
  /** Models made to fail with a status (e.g. `forced.set('gpt-a', 503)`), to switch a healthy model off and on. */
  const forced = new Map<string, number>();
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    const body = raw ? JSON.parse(raw) : undefined;
    requests.push({ method: req.method!, path: req.url!, headers: req.headers, body, raw });
    const auth = req.headers.authorization ?? (req.headers['api-key'] ? `Bearer ${req.headers['api-key']}` : '');
    if (auth !== `Bearer ${apiKey}`)
      return error(
        res,
        401,
        'Incorrect API key provided: sk-***. You can find your API key at https://platform.openai.com/account/api-keys.',
        'invalid_request_error',
        'invalid_api_key',
      );
    const status = forced.get(body?.model);
    if (status) return error(res, status, `Forced failure ${status}`, 'server_error', null);
    if (req.url!.includes('/embeddings')) return embeddings(res, body);
    if (!req.url!.includes('/chat/completions')) return error(res, 404, `Unknown request URL: POST ${req.url}`, 'invalid_request_error', 'unknown_url');
    await chat(req, res, body, stats);
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;
  return {
    url: `http://127.0.0.1:${port}/v1`,
    requests,
    stats,
    forced,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

/**
 * The answer of the `verbatim` model, written by hand as no JSON.stringify would: pretty-printed, usage before
 * choices, an escaped character, a field Switchyard does not know and an integer beyond double precision.
 */
export const verbatimAnswer = (model: string): string =>
  `{\n  "id": "chatcmpl-verbatim",\n  "usage": {"prompt_tokens": 5, "completion_tokens": 3, "total_tokens": 8},\n  "object": "chat.completion",\n` +
  `  "created": 17335000000000000001,\n  "model": ${JSON.stringify(model)},\n  "service_tier": "default",\n` +
  `  "choices": [{"index": 0, "message": {"role": "assistant", "content": "caf\\u00e9 \\"ok\\" 🌍", "refusal": null}, "logprobs": null, "finish_reason": "stop"}]\n}\n`;

function error(res: ServerResponse, status: number, message: string, type: string, code: string | null, headers: Record<string, string> = {}) {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify({ error: { message, type, param: null, code } }));
}

function lastUserText(body: any): string {
  const m = [...body.messages].reverse().find((x: any) => x.role === 'user');
  if (!m) return '';
  return typeof m.content === 'string'
    ? m.content
    : m.content
        .filter((p: any) => p.type === 'text')
        .map((p: any) => p.text)
        .join(' ');
}

function answer(body: any): { content: string | null; tool_calls?: any[]; finish: string } {
  const text = lastUserText(body);
  // A judge model for grader tests: it agrees when the delimited submission mentions Paris.
  if (body.model === 'judge') {
    const pair = /\[Response A\]([\s\S]*)\[Response B\]([\s\S]*)/.exec(text);
    if (pair) return { content: `Comparing.\nCHOICE: ${/paris/i.test(pair[1]) ? 'A' : /paris/i.test(pair[2]) ? 'B' : 'T'}`, finish: 'stop' };
    const submission = /<<<OUTPUT>>>([\s\S]*)<<<\/OUTPUT>>>/.exec(text)?.[1] ?? '';
    return {
      content: /paris/i.test(submission) ? 'The submission states Paris, as the expert does.\nCHOICE: C' : 'The submission contradicts the expert.\nCHOICE: D',
      finish: 'stop',
    };
  }
  const last = body.messages.at(-1);
  if (last?.role === 'tool') return { content: `The tool said: ${last.content}`, finish: 'stop' };
  if (body.tools?.length && /weather/i.test(text)) {
    return {
      content: null,
      tool_calls: [
        { id: 'call_abc123', type: 'function', function: { name: body.tools[0].function.name, arguments: '{"location":"Paris","unit":"celsius"}' } },
      ],
      finish: 'tool_calls',
    };
  }
  if (body.response_format?.type === 'json_object' || body.response_format?.type === 'json_schema') {
    return { content: JSON.stringify({ answer: text, ok: true }), finish: 'stop' };
  }
  return { content: `Echo: ${text} ✓ 🌍`, finish: 'stop' };
}

const usageOf = (body: any, content: string) => {
  const prompt = JSON.stringify(body.messages).length >> 2;
  const completion = Math.max(1, content.length >> 2);
  return { prompt_tokens: prompt, completion_tokens: completion, total_tokens: prompt + completion };
};

async function chat(_req: IncomingMessage, res: ServerResponse, body: any, stats: { abortedStreams: number }) {
  const model: string = body.model;
  const fail = /^fail-(\d{3})$/.exec(model);
  if (fail) {
    const status = Number(fail[1]);
    const map: Record<number, [string, string, string | null]> = {
      400: ["Invalid value for 'temperature': must be between 0 and 2.", 'invalid_request_error', 'invalid_value'],
      401: ['Incorrect API key provided.', 'invalid_request_error', 'invalid_api_key'],
      404: [`The model \`${model}\` does not exist or you do not have access to it.`, 'invalid_request_error', 'model_not_found'],
      429: ['Rate limit reached for requests', 'requests', 'rate_limit_exceeded'],
      500: ['The server had an error while processing your request.', 'server_error', null],
      503: ['The engine is currently overloaded, please try again later', 'server_error', null],
    };
    const [message, type, code] = map[status];
    return error(res, status, message, type, code, status === 429 ? { 'retry-after': '7' } : {});
  }
  if (model === 'context-too-long') {
    return error(
      res,
      400,
      "This model's maximum context length is 128000 tokens. However, your messages resulted in 250000 tokens.",
      'invalid_request_error',
      'context_length_exceeded',
    );
  }
  if (model === 'slow-first-byte') await new Promise((r) => setTimeout(r, 2000));
  const a = answer(body);
  const id = `chatcmpl-fake${Math.random().toString(36).slice(2, 10)}`;
  const created = Math.floor(Date.now() / 1000);
  const usage = usageOf(body, a.content ?? JSON.stringify(a.tool_calls));
  if (model === 'verbatim' && !body.stream) {
    res.writeHead(200, { 'content-type': 'application/json' });
    return res.end(verbatimAnswer(model));
  }
  if (!body.stream) {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(
      JSON.stringify({
        id,
        object: 'chat.completion',
        created,
        model,
        choices: [
          {
            index: 0,
            message: { role: 'assistant', content: a.content, ...(a.tool_calls ? { tool_calls: a.tool_calls } : {}), refusal: null },
            logprobs: null,
            finish_reason: a.finish,
          },
        ],
        ...(model === 'no-usage' ? {} : { usage }),
        system_fingerprint: 'fp_fake',
      }),
    );
    return;
  }
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' });
  const base = { id, object: 'chat.completion.chunk', created, model, system_fingerprint: 'fp_fake' };
  const events: any[] = [{ ...base, choices: [{ index: 0, delta: { role: 'assistant', content: '', refusal: null }, logprobs: null, finish_reason: null }] }];
  if (a.tool_calls) {
    const t = a.tool_calls[0];
    events.push({
      ...base,
      choices: [
        {
          index: 0,
          delta: { tool_calls: [{ index: 0, id: t.id, type: 'function', function: { name: t.function.name, arguments: '' } }] },
          logprobs: null,
          finish_reason: null,
        },
      ],
    });
    for (const piece of [t.function.arguments.slice(0, 9), t.function.arguments.slice(9)]) {
      events.push({
        ...base,
        choices: [{ index: 0, delta: { tool_calls: [{ index: 0, function: { arguments: piece } }] }, logprobs: null, finish_reason: null }],
      });
    }
  } else {
    for (const piece of (a.content ?? '').match(/.{1,6}/gsu) ?? []) {
      events.push({ ...base, choices: [{ index: 0, delta: { content: piece }, logprobs: null, finish_reason: null }] });
    }
  }
  events.push({ ...base, choices: [{ index: 0, delta: {}, logprobs: null, finish_reason: a.finish }] });
  if (body.stream_options?.include_usage && model !== 'no-usage') events.push({ ...base, choices: [], usage });
  const wire = Buffer.from(events.map((e) => `data: ${JSON.stringify(e)}\n\n`).join('') + 'data: [DONE]\n\n');
  if (model === 'slow-stream') {
    // One chunk every 100 ms for 10 s: long enough for a client to hang up midway.
    let closed = false;
    res.on('close', () => {
      if (!res.writableFinished) stats.abortedStreams++;
      closed = true;
    });
    for (let i = 0; i < 100 && !closed; i++) {
      res.write(`data: ${JSON.stringify({ ...base, choices: [{ index: 0, delta: { content: `t${i} ` }, logprobs: null, finish_reason: null }] })}\n\n`);
      await new Promise((r) => setTimeout(r, 100));
    }
    if (!closed) res.end('data: [DONE]\n\n');
    return;
  }
  if (model === 'open-after-done') {
    // The whole answer and [DONE], then an event nobody should read, and the response left open.
    res.on('close', () => stats.abortedStreams++);
    res.write(wire);
    res.write(`data: ${JSON.stringify({ ...base, choices: [{ index: 0, delta: { content: 'after done' }, logprobs: null, finish_reason: null }] })}\n\n`);
    return;
  }
  if (model === 'cut-stream') {
    res.write(wire.subarray(0, Math.floor(wire.length / 2)));
    await new Promise((r) => setTimeout(r, 20));
    res.socket?.destroy();
    return;
  }
  // Uneven TCP writes: lines and UTF-8 characters are split across chunks.
  for (let i = 0; i < wire.length; i += 37) {
    res.write(wire.subarray(i, i + 37));
    if (i % 5 === 0) await new Promise((r) => setImmediate(r));
  }
  res.end();
}

function embeddings(res: ServerResponse, body: any) {
  const inputs: string[] = Array.isArray(body.input) ? body.input : [body.input];
  const dim = body.dimensions ?? 8;
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end(
    JSON.stringify({
      object: 'list',
      data: inputs.map((t, index) => ({ object: 'embedding', index, embedding: Array.from({ length: dim }, (_, i) => ((t.length + i) % 7) / 7) })),
      model: body.model,
      usage: { prompt_tokens: inputs.join(' ').length >> 2, total_tokens: inputs.join(' ').length >> 2 },
    }),
  );
}
