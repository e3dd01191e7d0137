// A reference, not a floor: the least a gateway that *reads* the traffic must do — parse the request JSON,
// re-serialise it upstream with an abort signal and a deadline, parse the answer (for usage) and serialise
// it back. Shows how much of Switchyard's cost above the pass-through proxy is inherent to transforming.
// Run as a child process: `node transforming-proxy.mjs <port> <upstream-origin>`; prints "ready".
import { createServer } from 'node:http';
import { Pool } from 'undici';

const [port, upstream] = [Number(process.argv[2]), process.argv[3]];
const pool = new Pool(upstream, { connections: 256, pipelining: 1 });

createServer(async (req, res) => {
  const chunks = [];
  for await (const c of req) chunks.push(c);
  const body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
  const ac = new AbortController();
  const timer = setTimeout(() => ac.abort(), 300_000);
  try {
    const r = await pool.request({
      path: '/v1/chat/completions',
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ ...body, stream: false }),
      signal: ac.signal,
    });
    const answer = await r.body.json();
    const payload = JSON.stringify(answer);
    res.writeHead(r.statusCode, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) });
    res.end(payload);
  } catch (err) {
    res.writeHead(502);
    res.end(String(err));
  } finally {
    clearTimeout(timer);
  }
}).listen(port, '127.0.0.1', () => console.log('ready'));
