import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/*
 * A fake Anthropic Messages API (POST /v1/messages, anthropic-version 2023-06-01) on 127.0.0.1 for
 * integration tests. The model name picks a scenario:
 *   fail-400 | fail-401 | fail-404 | fail-429 (retry-after: 7) | fail-500 | fail-503 (api_error) |
 *   fail-529 (overloaded_error) | prompt-too-long  → that HTTP error with Anthropic's error body
 *   slow-first-byte → waits 2000 ms before the response headers
 *   cut-stream      → message_start and one text delta, then the socket is destroyed
 *   slow-stream     → 40 text deltas 50 ms apart (to abort mid-stream)
 * Otherwise it answers: tool_use when tools are given and the last user text mentions "weather"; a
 * summary of tool results when the last turn carries them; a JSON object when the system prompt asks
 * for JSON; else `Echo: <last user text>`. Streams are written in small pieces, split inside every
 * multi-byte UTF-8 character, to exercise incremental SSE parsing.
 */

export interface RecordedRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: FakeRequestBody;
  /** Set when the client closed the connection before the response was complete. */
  aborted: boolean;
  finished: boolean;
}

export interface FakeAnthropic {
  url: string;
  requests: RecordedRequest[];
  close(): Promise<void>;
}

type Block = { type: string; text?: string; id?: string; name?: string; input?: unknown; tool_use_id?: string; content?: string | Block[] };
interface FakeRequestBody {
  model?: string;
  max_tokens?: number;
  system?: string | Block[];
  messages?: Array<{ role: string; content: string | Block[] }>;
  tools?: Array<{ name: string }>;
  tool_choice?: { type: string };
  stream?: boolean;
}

const FAILURES: Record<string, [status: number, type: string, message: string]> = {
  'fail-400': [400, 'invalid_request_error', 'temperature: range: 0..1'],
  'fail-401': [401, 'authentication_error', 'invalid x-api-key'],
  'fail-404': [404, 'not_found_error', 'model: fail-404'],
  'fail-429': [429, 'rate_limit_error', 'This request would exceed the rate limit for your organization'],
  'fail-500': [500, 'api_error', 'Internal server error'],
  'fail-503': [503, 'api_error', 'Service unavailable'],
  'fail-529': [529, 'overloaded_error', 'Overloaded'],
  'prompt-too-long': [400, 'invalid_request_error', 'prompt is too long: 250000 tokens > 200000 maximum'],
};

const blocksOf = (content: string | Block[] | undefined): Block[] => (typeof content === 'string' ? [{ type: 'text', text: content }] : (content ?? []));
const textOf = (content: string | Block[] | undefined): string =>
  blocksOf(content)
    .filter((b) => b.type === 'text')
    .map((b) => b.text)
    .join(' ');

/** The checks Anthropic makes that an adapter is most likely to get wrong; a message when one fails. */
function invalid(body: FakeRequestBody): string | undefined {
  if (typeof body.model !== 'string') return 'model: Field required';
  if (typeof body.max_tokens !== 'number') return 'max_tokens: Field required';
  const msgs = body.messages;
  if (!Array.isArray(msgs) || msgs.length === 0) return 'messages: at least one message is required';
  for (const [i, m] of msgs.entries()) {
    if (m.role !== (i % 2 === 0 ? 'user' : 'assistant')) return `messages.${i}.role: roles must alternate between "user" and "assistant", starting with "user"`;
    if (blocksOf(m.content).some((b) => b.type === 'text' && !b.text)) return `messages.${i}: text content blocks must be non-empty`;
    const prevIds = new Set(blocksOf(msgs[i - 1]?.content).flatMap((b) => (b.type === 'tool_use' ? [b.id] : [])));
    for (const r of blocksOf(m.content).filter((b) => b.type === 'tool_result')) {
      if (!prevIds.has(r.tool_use_id)) return `messages.${i}: unexpected tool_use_id found in tool_result blocks: ${r.tool_use_id}`;
    }
  }
  return undefined;
}

interface Reply {
  blocks: Block[];
  stopReason: string;
}

function compose(body: FakeRequestBody, seq: number): Reply {
  const last = blocksOf(body.messages!.at(-1)!.content);
  const results = last.filter((b) => b.type === 'tool_result');
  if (results.length > 0)
    return {
      blocks: [{ type: 'text', text: `Tool said: ${results.map((r) => (typeof r.content === 'string' ? r.content : textOf(r.content))).join('; ')}` }],
      stopReason: 'end_turn',
    };
  const userText = textOf(last);
  if (body.tools?.length && /weather/i.test(userText) && body.tool_choice?.type !== 'none') {
    const call = { type: 'tool_use', id: `toolu_fake_${seq}`, name: body.tools[0].name, input: { location: 'Paris, France', unit: 'celsius' } };
    return { blocks: [{ type: 'text', text: 'Let me check the weather.' }, call], stopReason: 'tool_use' };
  }
  const system = typeof body.system === 'string' ? body.system : textOf(body.system);
  if (/JSON/.test(system)) return { blocks: [{ type: 'text', text: JSON.stringify({ echo: userText, ok: true }) }], stopReason: 'end_turn' };
  return { blocks: [{ type: 'text', text: `Echo: ${userText}` }], stopReason: 'end_turn' };
}

function usageOf(body: FakeRequestBody, reply: Reply) {
  const input_tokens = Math.ceil(JSON.stringify([body.system, body.messages, body.tools]).length / 4);
  const output_tokens = Math.max(1, Math.ceil(JSON.stringify(reply.blocks).length / 4));
  return { input_tokens, output_tokens, cache_read_input_tokens: 0, cache_creation_input_tokens: 0 };
}

function sendError(res: ServerResponse, status: number, type: string, message: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', 'request-id': 'req_fake', ...headers });
  res.end(JSON.stringify({ type: 'error', error: { type, message } }));
}

/** Byte ranges of one event's text: every 11 bytes, and inside every multi-byte UTF-8 character. */
function pieces(bytes: Buffer): Buffer[] {
  const cuts = new Set<number>();
  for (let i = 11; i < bytes.length; i += 11) cuts.add(i);
  for (let i = 0; i < bytes.length; i++) if (bytes[i] >= 0xc0) cuts.add(i + 1);
  const sorted = [...cuts].filter((c) => c > 0 && c < bytes.length).sort((a, b) => a - b);
  return [0, ...sorted].map((from, k) => bytes.subarray(from, sorted[k] ?? bytes.length));
}

function streamEvents(id: string, model: string, reply: Reply, usage: ReturnType<typeof usageOf>, slow: boolean): Array<[string, object]> {
  const events: Array<[string, object]> = [
    [
      'message_start',
      {
        message: { id, type: 'message', role: 'assistant', model, content: [], stop_reason: null, stop_sequence: null, usage: { ...usage, output_tokens: 1 } },
      },
    ],
    ['ping', {}],
  ];
  reply.blocks.forEach((b, index) => {
    if (b.type === 'text') {
      events.push(['content_block_start', { index, content_block: { type: 'text', text: '' } }]);
      const chars = Array.from(slow ? 'x'.repeat(40) : b.text!);
      const size = slow ? 1 : 4;
      for (let i = 0; i < chars.length; i += size)
        events.push(['content_block_delta', { index, delta: { type: 'text_delta', text: chars.slice(i, i + size).join('') } }]);
    } else {
      events.push(['content_block_start', { index, content_block: { type: 'tool_use', id: b.id, name: b.name, input: {} } }]);
      const json = JSON.stringify(b.input);
      events.push(['content_block_delta', { index, delta: { type: 'input_json_delta', partial_json: '' } }]);
      for (let i = 0; i < json.length; i += 9)
        events.push(['content_block_delta', { index, delta: { type: 'input_json_delta', partial_json: json.slice(i, i + 9) } }]);
    }
    events.push(['content_block_stop', { index }]);
  });
  events.push(['ping', {}]);
  events.push(['message_delta', { delta: { stop_reason: reply.stopReason, stop_sequence: null }, usage: { output_tokens: usage.output_tokens } }]);
  events.push(['message_stop', {}]);
  return events;
}

/** Starts the fake on 127.0.0.1 with an ephemeral port. */
export async function startFakeAnthropic(): Promise<FakeAnthropic> {
  const requests: RecordedRequest[] = [];
  const timers = new Set<NodeJS.Timeout>();
  const delay = (ms: number) =>
    new Promise<void>((resolve) => {
      const t = setTimeout(() => (timers.delete(t), resolve()), ms);
      timers.add(t);
    });
  const tick = () => new Promise<void>((resolve) => setImmediate(resolve));
  let seq = 0;

  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    let body: FakeRequestBody = {};
    try {
      body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as FakeRequestBody;
    } catch {
      /* validated below */
    }
    const rec: RecordedRequest = { method: req.method ?? '', path: req.url ?? '', headers: req.headers, body, aborted: false, finished: false };
    requests.push(rec);
    res.on('finish', () => (rec.finished = true));
    res.on('close', () => (rec.aborted = !res.writableFinished));

    if (req.method !== 'POST' || req.url !== '/v1/messages') return sendError(res, 404, 'not_found_error', `Not found: ${req.method} ${req.url}`);
    if (req.headers['x-api-key'] !== 'test-key') return sendError(res, 401, 'authentication_error', 'invalid x-api-key');
    if (!req.headers['anthropic-version']) return sendError(res, 400, 'invalid_request_error', 'anthropic-version: header is required');
    const problem = invalid(body);
    if (problem) return sendError(res, 400, 'invalid_request_error', problem);
    const model = body.model!;
    const failure = FAILURES[model];
    if (failure) return sendError(res, ...failure, model === 'fail-429' ? { 'retry-after': '7' } : {});
    if (model === 'slow-first-byte') await delay(2000);
    if (res.destroyed) return;

    const reply = compose(body, ++seq);
    const usage = usageOf(body, reply);
    const id = `msg_fake_${seq}`;
    if (!body.stream) {
      res.writeHead(200, { 'content-type': 'application/json' });
      const message = JSON.stringify({
        id,
        type: 'message',
        role: 'assistant',
        model,
        content: reply.blocks,
        stop_reason: reply.stopReason,
        stop_sequence: null,
        usage,
      });
      if (model !== 'cut-stream') return res.end(message);
      res.write(message.slice(0, 40));
      await delay(50);
      return res.socket?.destroy();
    }

    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
    let events = streamEvents(id, model, reply, usage, model === 'slow-stream');
    if (model === 'cut-stream') events = events.filter(([name]) => name !== 'ping').slice(0, 3);
    for (const [name, data] of events) {
      for (const piece of pieces(Buffer.from(`event: ${name}\ndata: ${JSON.stringify({ type: name, ...data })}\n\n`))) {
        if (res.destroyed) return;
        res.write(piece);
        await tick();
      }
      if (model === 'slow-stream') await delay(50);
    }
    if (model !== 'cut-stream') return res.end();
    await delay(50);
    res.socket?.destroy();
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: async () => {
      for (const t of timers) clearTimeout(t);
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
