import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { z } from 'zod';
import type { AppConfig } from './config.types.js';
import { parseConfigFile } from './file/parse-config-file.js';
import { OTEL_SETTINGS, readOtelEnv } from './otel-env.js';

/** Every environment variable Switchyard reads. Unknown `SWITCHYARD_*` variables are rejected as likely typos. */
export const KNOWN_SETTINGS = [
  'PORT',
  'HOST',
  'DATABASE_URL',
  'DATABASE_POOL_SIZE',
  'REDIS_URL',
  'LOG_LEVEL',
  'SWITCHYARD_ROLE',
  'SWITCHYARD_DATA_DIR',
  'SWITCHYARD_QUEUE_PREFIX',
  'SWITCHYARD_ADMIN_TOKEN',
  'SWITCHYARD_SECRET_KEY',
  'SWITCHYARD_SHUTDOWN_TIMEOUT_MS',
  'SWITCHYARD_CONSOLE_DIR',
  'SWITCHYARD_LOG_RETENTION_DAYS',
  'SWITCHYARD_CONFIG',
  'SWITCHYARD_CACHE_STORE',
  'SWITCHYARD_CACHE_MAX_BYTES',
  ...OTEL_SETTINGS,
] as const;

export type Env = Record<string, string | undefined>;

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration: ${problems.join('; ')}`);
    this.name = 'ConfigError';
  }
}

const int = (min: number, max: number) =>
  z
    .string()
    .regex(/^\d+$/, `must be a whole number from ${min} to ${max}`)
    .transform(Number)
    .pipe(z.number().min(min, `must be from ${min} to ${max}`).max(max, `must be from ${min} to ${max}`));

const url = (schemes: string[]) =>
  z.string().refine(
    (v) => {
      try {
        return schemes.includes(new URL(v).protocol.replace(/:$/, ''));
      } catch {
        return false;
      }
    },
    `must be a URL starting with ${schemes.map((s) => `${s}://`).join(' or ')}`,
  );

const secretKey = z.string().transform((v, ctx) => {
  const hex = /^[0-9a-fA-F]{64}$/.test(v);
  const key = Buffer.from(v, hex ? 'hex' : 'base64');
  if (!hex && !(/^[A-Za-z0-9+/_-]{43}=?$/.test(v) && key.length === 32)) {
    ctx.addIssue({ code: 'custom', message: 'must be 32 bytes written as 64 hex characters or base64 (e.g. `openssl rand -base64 32`)' });
    return z.NEVER;
  }
  return key;
});

const envSchema = z.object({
  PORT: int(1, 65535).default(3000),
  HOST: z.string().min(1, 'must not be empty').default('0.0.0.0'),
  DATABASE_URL: url(['postgres', 'postgresql']).optional(),
  DATABASE_POOL_SIZE: int(1, 1000).default(10),
  REDIS_URL: url(['redis', 'rediss']).optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  SWITCHYARD_ROLE: z.enum(['all', 'api', 'worker']).default('all'),
  SWITCHYARD_DATA_DIR: z.string().min(1, 'must not be empty').default('.switchyard'),
  SWITCHYARD_QUEUE_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9_.-]{1,64}$/, 'must be 1-64 letters, digits, dots, dashes or underscores')
    .default('switchyard'),
  SWITCHYARD_ADMIN_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
  SWITCHYARD_SECRET_KEY: secretKey.optional(),
  SWITCHYARD_SHUTDOWN_TIMEOUT_MS: int(100, 600_000).default(20_000),
  SWITCHYARD_CONSOLE_DIR: z.string().min(1, 'must not be empty').optional(),
  SWITCHYARD_LOG_RETENTION_DAYS: int(1, 3650).default(30),
  SWITCHYARD_CONFIG: z.string().min(1, 'must not be empty').optional(),
  SWITCHYARD_CACHE_STORE: z.enum(['redis', 'memory'], { message: "must be 'redis' or 'memory'" }).optional(),
  SWITCHYARD_CACHE_MAX_BYTES: int(1_024, 1_099_511_627_776).default(67_108_864),
});

const shown = (v: string | undefined, setting: string): string =>
  v === undefined ? 'unset' : /TOKEN|SECRET|KEY|URL/.test(setting) ? 'hidden' : JSON.stringify(v);

/**
 * Validates the environment once and returns the typed config, or throws a {@link ConfigError}
 * whose message names every wrong setting on one line.
 */
export function loadConfig(env: Env, defaults: { consoleDir: string; cwd?: string }): AppConfig {
  const problems: string[] = [];
  for (const name of Object.keys(env)) {
    if (name.startsWith('SWITCHYARD_') && !(KNOWN_SETTINGS as readonly string[]).includes(name)) {
      problems.push(`${name} is not a Switchyard setting (known: ${KNOWN_SETTINGS.filter((k) => k.startsWith('SWITCHYARD_')).join(', ')})`);
    }
  }
  const raw = Object.fromEntries(KNOWN_SETTINGS.map((k) => [k, env[k] === '' ? undefined : env[k]]).filter(([, v]) => v !== undefined));
  const parsed = envSchema.safeParse(raw);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const setting = String(issue.path[0]);
      problems.push(`${setting} ${issue.message} (got ${shown(raw[setting], setting)})`);
    }
  }
  if (problems.length > 0 || !parsed.success) throw new ConfigError(problems);
  const e = parsed.data;

  const cwd = defaults.cwd ?? process.cwd();
  const dataDir = resolve(cwd, e.SWITCHYARD_DATA_DIR);
  if (e.SWITCHYARD_ROLE !== 'all' && !e.REDIS_URL) {
    problems.push(
      `SWITCHYARD_ROLE=${e.SWITCHYARD_ROLE} needs REDIS_URL: without Redis the job queue lives inside one process, so api and worker cannot be split`,
    );
  }
  if (e.SWITCHYARD_CACHE_STORE === 'redis' && !e.REDIS_URL) problems.push('SWITCHYARD_CACHE_STORE=redis needs REDIS_URL');
  if (e.SWITCHYARD_ROLE !== 'all' && !e.DATABASE_URL) {
    problems.push(`SWITCHYARD_ROLE=${e.SWITCHYARD_ROLE} needs DATABASE_URL: the embedded database serves a single process`);
  }
  if (e.DATABASE_URL && !e.SWITCHYARD_SECRET_KEY) {
    problems.push(
      'SWITCHYARD_SECRET_KEY is required when DATABASE_URL is set: provider credentials are encrypted with it (generate one with `openssl rand -base64 32`)',
    );
  }
  let file: AppConfig['file'];
  if (e.SWITCHYARD_CONFIG) {
    const path = resolve(cwd, e.SWITCHYARD_CONFIG);
    let text: string | undefined;
    try {
      text = readFileSync(path, 'utf8');
    } catch (err) {
      problems.push(`SWITCHYARD_CONFIG: cannot read ${path} (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
    }
    if (text !== undefined) {
      const r = parseConfigFile(text, env);
      if (r.ok) file = { path, content: r.value, locate: r.locate };
      else problems.push(...r.problems.map((p) => `${path}: ${p.path}: ${p.message}`));
    }
  }
  const otel = readOtelEnv(env);
  problems.push(...otel.problems);
  if (problems.length > 0) throw new ConfigError(problems);

  return {
    file,
    role: e.SWITCHYARD_ROLE,
    http: { host: e.HOST, port: e.PORT },
    dataDir,
    database: e.DATABASE_URL
      ? { kind: 'postgres', url: e.DATABASE_URL, poolSize: e.DATABASE_POOL_SIZE }
      : { kind: 'embedded', dataDir: resolve(dataDir, 'pgdata') },
    queue: e.REDIS_URL ? { kind: 'bull', redisUrl: e.REDIS_URL, prefix: e.SWITCHYARD_QUEUE_PREFIX } : { kind: 'in-process' },
    admin: { token: e.SWITCHYARD_ADMIN_TOKEN },
    secrets: { key: e.SWITCHYARD_SECRET_KEY },
    log: { level: e.LOG_LEVEL },
    shutdown: { timeoutMs: e.SWITCHYARD_SHUTDOWN_TIMEOUT_MS },
    usage: { retentionDays: e.SWITCHYARD_LOG_RETENTION_DAYS },
    cache: {
      store: e.SWITCHYARD_CACHE_STORE ?? (e.REDIS_URL ? 'redis' : 'memory'),
      maxBytes: e.SWITCHYARD_CACHE_MAX_BYTES,
    },
    console: { distDir: resolve(cwd, e.SWITCHYARD_CONSOLE_DIR ?? defaults.consoleDir) },
    telemetry: otel.value,
  };
}
