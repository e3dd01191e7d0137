// A minimal, fast OpenAI-style upstream for benchmarks: a fixed small completion, JSON or SSE.
// Run as a child process: `node fake-upstream.mjs <port>`; prints "ready" when listening.
import { createServer } from 'node:http';

const port = Number(process.argv[2]);
const completion = JSON.stringify({
  id: 'chatcmpl-bench',
  object: 'chat.completion',
  created: 1,
  model: 'bench',
  choices: [{ index: 0, message: { role: 'assistant', content: 'Hello! How can I help you today?', refusal: null }, logprobs: null, finish_reason: 'stop' }],
  usage: { prompt_tokens: 12, completion_tokens: 9, total_tokens: 21 },
});
const chunk = (delta, finish = null) =>
  `data: ${JSON.stringify({ id: 'chatcmpl-bench', object: 'chat.completion.chunk', created: 1, model: 'bench', choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }] })}\n\n`;
const pieces = ['Hello', '!', ' How', ' can', ' I', ' help', ' you', ' today', '?'];

createServer((req, res) => {
  let body = '';
  req.on('data', (d) => (body += d));
  req.on('end', () => {
    if (!body.includes('"stream":true')) {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(completion) });
      res.end(completion);
      return;
    }
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
    res.write(chunk({ role: 'assistant', content: '' }));
    let i = 0;
    // 5 ms between tokens: the first byte leaves at once, the rest arrive like a fast model's.
    const timer = setInterval(() => {
      if (i < pieces.length) return void res.write(chunk({ content: pieces[i++] }));
      clearInterval(timer);
      res.write(chunk({}, 'stop'));
      res.write(
        `data: ${JSON.stringify({ id: 'chatcmpl-bench', object: 'chat.completion.chunk', created: 1, model: 'bench', choices: [], usage: { prompt_tokens: 12, completion_tokens: 9, total_tokens: 21 } })}\n\n`,
      );
      res.end('data: [DONE]\n\n');
    }, 5);
  });
}).listen(port, '127.0.0.1', () => console.log('ready'));
