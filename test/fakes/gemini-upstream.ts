import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';

export interface RecordedGeminiRequest {
  method: string;
  /** Path and query, e.g. `/v1beta/models/gemini-test:streamGenerateContent?alt=sse`. */
  path: string;
  headers: IncomingMessage['headers'];
  body: any;
}

/** A running fake; `url` is the API base including `/v1beta`. */
export interface FakeGemini {
  url: string;
  requests: RecordedGeminiRequest[];
  close(): Promise<void>;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Waits `ms`, or less when the client goes away, so no timer outlives the test that started it. */
function pause(res: ServerResponse, ms: number): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      res.off('close', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    res.once('close', done);
  });
}

/** Errors Google returns, by scenario (model name): HTTP status, canonical status, message. */
const FAILURES: Record<string, [number, string, string]> = {
  'fail-400': [400, 'INVALID_ARGUMENT', 'Request contains an invalid argument.'],
  'fail-403': [403, 'PERMISSION_DENIED', 'Permission denied: Consumer has been suspended.'],
  'fail-404': [404, 'NOT_FOUND', 'models/fail-404 is not found for API version v1beta, or is not supported for generateContent.'],
  'fail-429': [429, 'RESOURCE_EXHAUSTED', 'You exceeded your current quota, please check your plan and billing details.'],
  'fail-500': [500, 'INTERNAL', 'An internal error has occurred. Please retry or report in https://developers.generativeai.google/guide/troubleshooting'],
  'fail-503': [503, 'UNAVAILABLE', 'The model is overloaded. Please try again later.'],
  'fail-context': [400, 'INVALID_ARGUMENT', 'The input token count (1200000) exceeds the maximum number of tokens allowed (1048576).'],
};

// Fields of JSON Schema that Gemini's OpenAPI-subset Schema rejects with "Unknown name".
const UNKNOWN_SCHEMA_FIELDS = ['additionalProperties', '$schema', 'strict', '$ref', '$defs'];

/**
 * A fake Google Gemini API (v1beta) on 127.0.0.1 speaking the documented wire format: `generateContent`,
 * `streamGenerateContent?alt=sse`, `batchEmbedContents`, Google's error envelope, and failure scenarios
 * chosen by the model name in the path (`fail-400|403|404|429|500|503`, `fail-context`, `slow-first-byte`,
 * `cut-stream`, `slow-stream`, `midstream-error`, `blocked`).
 */
export async function startFakeGemini(opts: { apiKey?: string } = {}): Promise<FakeGemini> {
  const apiKey = opts.apiKey ?? 'test-key';
  const requests: RecordedGeminiRequest[] = [];
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    const body = raw ? JSON.parse(raw) : undefined;
    requests.push({ method: req.method!, path: req.url!, headers: req.headers, body });
    if (req.headers['x-goog-api-key'] !== apiKey) {
      return error(res, 400, 'INVALID_ARGUMENT', 'API key not valid. Please pass a valid API key.', {}, [
        { '@type': 'type.googleapis.com/google.rpc.ErrorInfo', reason: 'API_KEY_INVALID', domain: 'googleapis.com' },
      ]);
    }
    const route = /^\/v1beta\/models\/([^/:?]+):(generateContent|streamGenerateContent|batchEmbedContents)(\?.*)?$/.exec(req.url!);
    if (req.method !== 'POST' || !route) return error(res, 404, 'NOT_FOUND', `Method not found: ${req.method} ${req.url}`);
    const [, model, method, query] = route;
    const failure = Object.entries(FAILURES).find(([name]) => model.includes(name));
    if (failure) {
      const [status, code, message] = failure[1];
      const retry = status === 429;
      return error(
        res,
        status,
        code,
        message,
        retry ? { 'retry-after': '7' } : {},
        retry ? [{ '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: '7s' }] : [],
      );
    }
    if (method === 'batchEmbedContents') return embed(res, model, body);
    const invalid = validate(body);
    if (invalid) return error(res, 400, 'INVALID_ARGUMENT', invalid);
    if (model.includes('slow-first-byte')) {
      // The client gives up before this; answering a closed socket must not crash the fake.
      await pause(res, 2000);
      if (res.destroyed) return;
    }
    if (method === 'streamGenerateContent') {
      if (query !== '?alt=sse') return error(res, 400, 'INVALID_ARGUMENT', 'this fake only speaks alt=sse');
      return stream(res, model, body);
    }
    res.writeHead(200, { 'content-type': 'application/json; charset=UTF-8' });
    if (model.includes('cut-stream')) return cut(res, JSON.stringify(response(model, body, answer(body), true)).slice(0, 40));
    res.end(JSON.stringify(model.includes('blocked') ? blockedResponse(body) : response(model, body, answer(body), true)));
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}/v1beta`,
    requests,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

function error(res: ServerResponse, code: number, status: string, message: string, headers: Record<string, string> = {}, details: unknown[] = []) {
  res.writeHead(code, { 'content-type': 'application/json; charset=UTF-8', ...headers });
  res.end(JSON.stringify({ error: { code, message, status, ...(details.length > 0 && { details }) } }, null, 2));
}

/** Rejects what the real API rejects, so a wrong translation fails the integration test. */
function validate(body: any): string | undefined {
  if (!Array.isArray(body?.contents) || body.contents.length === 0) return '* GenerateContentRequest.contents: contents is not specified';
  for (const [i, c] of body.contents.entries()) {
    if (c.role !== 'user' && c.role !== 'model') return `Please use a valid role: user, model. (contents[${i}].role = ${c.role})`;
    if (!Array.isArray(c.parts) || c.parts.length === 0) return `* GenerateContentRequest.contents[${i}].parts: contents.parts must not be empty.`;
  }
  const schemas = [...(body.tools ?? []).flatMap((t: any) => t.functionDeclarations.map((f: any) => f.parameters)), body.generationConfig?.responseSchema];
  const found = schemas.map((s) => unknownField(s)).find(Boolean);
  return found && `Invalid JSON payload received. Unknown name "${found}": Cannot find field.`;
}

function unknownField(schema: any): string | undefined {
  if (!schema || typeof schema !== 'object') return undefined;
  const own = UNKNOWN_SCHEMA_FIELDS.find((k) => k in schema);
  if (own) return own;
  const subs = [...Object.values(schema.properties ?? {}), schema.items, ...(schema.anyOf ?? [])];
  return subs.map(unknownField).find(Boolean);
}

function lastUserText(body: any): string {
  const user = [...body.contents].reverse().find((c: any) => c.role === 'user' && c.parts.some((p: any) => typeof p.text === 'string'));
  return user
    ? user.parts
        .filter((p: any) => typeof p.text === 'string')
        .map((p: any) => p.text)
        .join(' ')
    : '';
}

type Part = { text: string } | { functionCall: { name: string; args: Record<string, unknown> } };

function answer(body: any): Part[] {
  const last = body.contents.at(-1);
  const toolResult = last.parts.find((p: any) => p.functionResponse)?.functionResponse;
  if (toolResult) return [{ text: `The ${toolResult.name} tool said: ${toolResult.response.content} ☀️` }];
  const text = lastUserText(body);
  const declarations = body.tools?.[0]?.functionDeclarations ?? [];
  if (declarations.length > 0 && /weather/i.test(text) && body.toolConfig?.functionCallingConfig?.mode !== 'NONE') {
    return [{ functionCall: { name: declarations[0].name, args: { location: 'Paris', unit: 'celsius' } } }];
  }
  if (body.generationConfig?.responseMimeType === 'application/json') return [{ text: JSON.stringify({ answer: text, ok: true, mood: '😀' }) }];
  return [{ text: `Echo: ${text} ✓ 🌍` }];
}

function usage(body: any, parts: Part[]) {
  const promptTokenCount = Math.max(1, JSON.stringify(body.contents).length >> 2);
  const candidatesTokenCount = Math.max(1, JSON.stringify(parts).length >> 3);
  return { promptTokenCount, candidatesTokenCount, totalTokenCount: promptTokenCount + candidatesTokenCount };
}

function response(model: string, body: any, parts: Part[], last: boolean, allParts = parts) {
  return {
    candidates: [{ content: { parts, role: 'model' }, index: 0, ...(last && { finishReason: 'STOP' }) }],
    ...(last && { usageMetadata: usage(body, allParts) }),
    modelVersion: model,
    responseId: 'fakeResp123',
  };
}

function blockedResponse(body: any) {
  return {
    promptFeedback: { blockReason: 'SAFETY', safetyRatings: [{ category: 'HARM_CATEGORY_DANGEROUS_CONTENT', probability: 'HIGH' }] },
    usageMetadata: { promptTokenCount: usage(body, []).promptTokenCount, totalTokenCount: usage(body, []).promptTokenCount },
    modelVersion: 'blocked',
  };
}

/** Splits text into three pieces by code point, so no piece holds half a character. */
function pieces(text: string): string[] {
  const chars = Array.from(text);
  const size = Math.ceil(chars.length / 3);
  return [0, 1, 2].map((i) => chars.slice(i * size, (i + 1) * size).join('')).filter(Boolean);
}

async function stream(res: ServerResponse, model: string, body: any) {
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
  res.socket?.setNoDelay(true);
  if (model.includes('blocked')) return void res.end(`data: ${JSON.stringify(blockedResponse(body))}\r\n\r\n`);
  const parts = answer(body);
  const text = parts.length === 1 && 'text' in parts[0] ? parts[0].text : undefined;
  const events =
    text === undefined
      ? [response(model, body, parts, true)]
      : pieces(text).map((p, i, all) => response(model, body, [{ text: p }], i === all.length - 1, parts));
  if (model.includes('cut-stream')) return cut(res, `data: ${JSON.stringify(events[0])}\r\n\r\n`);
  if (model.includes('midstream-error')) {
    const failure = { error: { code: 500, message: 'An internal error has occurred.', status: 'INTERNAL' } };
    return void res.end(`data: ${JSON.stringify(events[0])}\r\n\r\ndata: ${JSON.stringify(failure)}\r\n\r\n`);
  }
  for (const event of events) {
    // Real Gemini ends events with CRLF pairs; a parser assuming \n\n would fail here.
    const wire = Buffer.from(`data: ${JSON.stringify(event)}\r\n\r\n`);
    // Several TCP writes per event, one cut inside a multi-byte UTF-8 character when there is one.
    const multibyte = wire.findIndex((b) => b >= 0xc0);
    const cuts = [...new Set([0, 5, multibyte > 0 ? multibyte + 1 : 11, wire.length])].sort((a, b) => a - b);
    for (let i = 0; i + 1 < cuts.length; i++) {
      if (res.destroyed) return;
      res.write(wire.subarray(cuts[i], cuts[i + 1]));
      await pause(res, model.includes('slow-stream') ? 100 : 2);
    }
  }
  res.end();
}

/** Sends `head` and drops the connection, as a crashed upstream or a broken network would. */
async function cut(res: ServerResponse, head: string) {
  res.write(head);
  await sleep(20);
  res.socket?.destroy();
}

function embed(res: ServerResponse, model: string, body: any) {
  const bad = body?.requests?.find((r: any) => r.model !== `models/${model}`);
  if (!Array.isArray(body?.requests) || bad)
    return error(res, 400, 'INVALID_ARGUMENT', `* BatchEmbedContentsRequest.model: ${bad?.model} does not match models/${model}`);
  const embeddings = body.requests.map((r: any) => {
    const text: string = r.content.parts.map((p: any) => p.text).join('');
    const dim = r.outputDimensionality ?? 8;
    // Deterministic: a function of the text and the position only.
    return {
      values: Array.from({ length: dim }, (_, i) =>
        Number((((text.length * 31 + (text.charCodeAt(i % Math.max(1, text.length)) || 0) + i) % 97) / 97).toFixed(6)),
      ),
    };
  });
  res.writeHead(200, { 'content-type': 'application/json; charset=UTF-8' });
  res.end(JSON.stringify({ embeddings }));
}
