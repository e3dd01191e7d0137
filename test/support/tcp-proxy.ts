import { createServer, type Server, Socket } from 'node:net';

/** A TCP proxy (to PostgreSQL, Redis…) that a test can cut and restore: an outage of that service for one server only. */
export async function cuttableProxy(target: URL): Promise<{ port: number; cut(): Promise<void>; restore(): Promise<void>; close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  let server: Server | undefined;
  const port = await new Promise<number>((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const p = (probe.address() as { port: number }).port;
      probe.close(() => resolve(p));
    });
  });
  const listen = () =>
    new Promise<void>((resolve) => {
      server = createServer((client) => {
        const upstream = new Socket();
        upstream.connect(Number(target.port || (target.protocol.startsWith('redis') ? 6379 : 5432)), target.hostname);
        for (const s of [client, upstream]) {
          sockets.add(s);
          s.on('close', () => sockets.delete(s));
          s.on('error', () => s.destroy());
        }
        client.pipe(upstream).pipe(client);
      }).listen(port, '127.0.0.1', () => resolve());
    });
  await listen();
  const cut = async () => {
    const closed = new Promise<void>((r) => server!.close(() => r()));
    for (const s of sockets) s.destroy();
    await closed;
  };
  return { port, cut, restore: listen, close: cut };
}
