import { AdminClient } from '../admin-client.js';
import { CliError, EXIT } from '../cli-error.js';

export const CONNECTION_OPTIONS = {
  server: { type: 'string' },
  token: { type: 'string' },
  json: { type: 'boolean' },
} as const;

/** The server and admin token from the flags or the environment. */
export function connect(values: { server?: string; token?: string }): AdminClient {
  const server = values.server ?? process.env.SWITCHYARD_SERVER ?? 'http://localhost:3000';
  const token = values.token ?? process.env.SWITCHYARD_TOKEN;
  if (!token) throw new CliError('no admin token: pass --token or set SWITCHYARD_TOKEN', EXIT.usage);
  try {
    new URL(server);
  } catch {
    throw new CliError(`--server: "${server}" is not a URL (e.g. http://localhost:3000)`, EXIT.usage);
  }
  return new AdminClient(server.replace(/\/+$/, ''), token);
}

export const print = (json: boolean | undefined, value: unknown, text: () => string) =>
  process.stdout.write(json ? `${JSON.stringify(value, null, 2)}\n` : `${text()}\n`);
