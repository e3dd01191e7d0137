import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { isolatedEnv, TEST_ADMIN_TOKEN } from './env.js';

export const MAIN = fileURLToPath(new URL('../../backend/dist/main.js', import.meta.url));

export interface RunningServer {
  url: string;
  port: number;
  proc: ChildProcess;
  env: Record<string, string>;
  adminToken: string;
  /** Every line the process wrote to stdout and stderr so far. */
  output(): string;
  /** Parsed JSON log lines. */
  logs(): Array<Record<string, unknown>>;
  request(path: string, init?: RequestInit & { auth?: boolean; json?: unknown }): Promise<Response>;
  /** Sends a signal and resolves with the exit code. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
  /** Stops the process and drops its database. */
  close(): Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

/** Runs a process of `node backend/dist/main.js` (built by `npm test`'s pretest) and waits for it to listen. */
export function spawnMain(env: Record<string, string>): { proc: ChildProcess; output: () => string; exited: Promise<number | null> } {
  const proc = spawn(process.execPath, [MAIN], {
    env: { PATH: process.env.PATH ?? '', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  proc.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  proc.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | null>((resolve) => proc.once('exit', (code) => resolve(code)));
  return { proc, output: () => out, exited };
}

export async function startServer(
  opts: { env?: Record<string, string>; generateToken?: boolean; reuse?: Record<string, string> } = {},
): Promise<RunningServer> {
  const isolated = opts.reuse ? { env: opts.reuse, cleanup: async () => undefined } : await isolatedEnv({ generateToken: opts.generateToken });
  const port = await freePort();
  const env: Record<string, string> = { ...isolated.env, LOG_LEVEL: 'info', HOST: '127.0.0.1', PORT: String(port), ...opts.env };
  const { proc, output, exited } = spawnMain(env);
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 45_000;
  let exitCode: number | null | undefined;
  void exited.then((c) => (exitCode = c));
  for (;;) {
    if (exitCode !== undefined) throw new Error(`server exited with ${exitCode} before listening:\n${output()}`);
    if (/"Switchyard listening on/.test(output())) break;
    if (Date.now() > deadline) {
      proc.kill('SIGKILL');
      throw new Error(`server did not listen within 45 s:\n${output()}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  const stop = async (signal: NodeJS.Signals = 'SIGTERM') => {
    if (exitCode === undefined) proc.kill(signal);
    return exited;
  };
  return {
    url,
    port,
    proc,
    env,
    adminToken: env.SWITCHYARD_ADMIN_TOKEN ?? TEST_ADMIN_TOKEN,
    output,
    logs: () =>
      output()
        .split('\n')
        .filter((l) => l.startsWith('{'))
        .map((l) => JSON.parse(l) as Record<string, unknown>),
    request(path, init = {}) {
      const headers = new Headers(init.headers);
      if (init.auth !== false && env.SWITCHYARD_ADMIN_TOKEN) headers.set('authorization', `Bearer ${env.SWITCHYARD_ADMIN_TOKEN}`);
      let body = init.body;
      if (init.json !== undefined) {
        headers.set('content-type', 'application/json');
        body = JSON.stringify(init.json);
      }
      return fetch(url + path, { ...init, headers, body });
    },
    stop,
    async close() {
      await stop('SIGTERM');
      await isolated.cleanup();
    },
  };
}

/** Makes sure the simulator account `sim` exists: the embedded demo seeds it, a PostgreSQL start does not. */
export async function ensureSimulator(server: RunningServer): Promise<void> {
  const models = (await (await server.request('/api/models')).json()) as Array<{ id: string }>;
  if (models.some((m) => m.id.startsWith('sim/'))) return;
  const res = await server.request('/api/providers', { method: 'POST', json: { name: 'sim', kind: 'simulator' } });
  if (res.status !== 201) throw new Error(`could not add the simulator: ${res.status} ${await res.text()}`);
}

/** Adds an `openai`-kind account named `oai` pointing at a fake upstream (key `test-key`), with the given catalogue models. */
export async function addFakeOpenAIProvider(
  server: RunningServer,
  baseUrl: string,
  models: Array<Record<string, unknown>>,
  extra: Record<string, unknown> = {},
): Promise<void> {
  const res = await server.request('/api/providers', { method: 'POST', json: { name: 'oai', kind: 'openai', baseUrl, apiKey: 'test-key', models, ...extra } });
  if (res.status !== 201) throw new Error(`could not add the fake OpenAI provider: ${res.status} ${await res.text()}`);
}
