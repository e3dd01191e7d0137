// The floor: the least a proxy can do — node:http in, undici keep-alive pool out, bytes piped back.
// Run as a child process: `node passthrough-proxy.mjs <port> <upstream-origin>`; prints "ready".
import { createServer } from 'node:http';
import { Pool } from 'undici';

const [port, upstream] = [Number(process.argv[2]), process.argv[3]];
const pool = new Pool(upstream, { connections: 256, pipelining: 1 });

createServer(async (req, res) => {
  const chunks = [];
  for await (const c of req) chunks.push(c);
  try {
    const r = await pool.request({
      path: '/v1/chat/completions',
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: Buffer.concat(chunks),
    });
    res.writeHead(r.statusCode, { 'content-type': r.headers['content-type'] });
    for await (const part of r.body) res.write(part);
    res.end();
  } catch (err) {
    res.writeHead(502);
    res.end(String(err));
  }
}).listen(port, '127.0.0.1', () => console.log('ready'));
// Exits on SIGTERM as a normal exit, so a `--cpu-prof` profile of the floor is written.
process.on('SIGTERM', () => process.exit(0));
