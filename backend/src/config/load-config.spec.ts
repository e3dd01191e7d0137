import { ConfigError, loadConfig } from './load-config.js';

const defaults = { consoleDir: '/srv/console', cwd: '/srv/app' };
const KEY = 'a'.repeat(64);

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig(env, defaults);
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  it('gives embedded defaults for an empty environment', () => {
    const sut = loadConfig({}, defaults);
    expect(sut).toMatchObject({
      role: 'all',
      http: { host: '0.0.0.0', port: 3000 },
      dataDir: '/srv/app/.switchyard',
      database: { kind: 'embedded', dataDir: '/srv/app/.switchyard/pgdata' },
      queue: { kind: 'in-process' },
      log: { level: 'info' },
      usage: { retentionDays: 30 },
      cache: { store: 'memory', maxBytes: 67_108_864 },
      console: { distDir: '/srv/console' },
    });
    expect(sut.secrets.key).toBeUndefined();
  });

  it('switches to PostgreSQL and Bull when the URLs are set', () => {
    const sut = loadConfig(
      { DATABASE_URL: 'postgres://u@db:5432/sy', REDIS_URL: 'redis://cache:6379', SWITCHYARD_SECRET_KEY: KEY, SWITCHYARD_ROLE: 'worker' },
      defaults,
    );
    expect(sut.database).toEqual({ kind: 'postgres', url: 'postgres://u@db:5432/sy', poolSize: 10 });
    expect(sut.queue).toEqual({ kind: 'bull', redisUrl: 'redis://cache:6379', prefix: 'switchyard' });
    expect(sut.secrets.key).toEqual(Buffer.from(KEY, 'hex'));
    expect(sut.role).toBe('worker');
    expect(sut.cache.store).toBe('redis');
  });

  it('accepts a base64 secret key', () => {
    const b64 = Buffer.alloc(32, 7).toString('base64');
    expect(loadConfig({ SWITCHYARD_SECRET_KEY: b64 }, defaults).secrets.key).toEqual(Buffer.alloc(32, 7));
  });

  it('treats empty values as unset', () => {
    expect(loadConfig({ PORT: '', DATABASE_URL: '' }, defaults).http.port).toBe(3000);
  });

  it.each([
    [{ PORT: 'abc' }, 'PORT must be a whole number from 1 to 65535 (got "abc")'],
    [{ PORT: '70000' }, 'PORT must be from 1 to 65535 (got "70000")'],
    [{ SWITCHYARD_ROLE: 'both' }, 'SWITCHYARD_ROLE'],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL'],
    [{ DATABASE_URL: 'mysql://x' }, 'DATABASE_URL must be a URL starting with postgres:// or postgresql:// (got hidden)'],
    [{ REDIS_URL: 'localhost:6379' }, 'REDIS_URL must be a URL starting with redis:// or rediss:// (got hidden)'],
    [{ SWITCHYARD_SECRET_KEY: 'short' }, 'SWITCHYARD_SECRET_KEY must be 32 bytes'],
    [{ SWITCHYARD_ADMIN_TOKEN: 'short' }, 'SWITCHYARD_ADMIN_TOKEN must be at least 16 characters (got hidden)'],
    [{ SWITCHYARD_SHUTDOWN_TIMEOUT_MS: '-5' }, 'SWITCHYARD_SHUTDOWN_TIMEOUT_MS must be a whole number'],
    [{ SWITCHYARD_DATABASE_URL: 'x' }, 'SWITCHYARD_DATABASE_URL is not a Switchyard setting'],
  ])('rejects %j naming the setting', (env, expected) => {
    expect(problemsOf(env).join('; ')).toContain(expected);
  });

  it('refuses DATABASE_URL without a secret key', () => {
    expect(problemsOf({ DATABASE_URL: 'postgres://db/sy' })).toEqual([expect.stringMatching(/^SWITCHYARD_SECRET_KEY is required when DATABASE_URL is set/)]);
  });

  it('refuses to split roles without Redis and PostgreSQL', () => {
    const problems = problemsOf({ SWITCHYARD_ROLE: 'api' });
    expect(problems).toEqual([
      expect.stringContaining('SWITCHYARD_ROLE=api needs REDIS_URL'),
      expect.stringContaining('SWITCHYARD_ROLE=api needs DATABASE_URL'),
    ]);
  });

  it('reports every problem on one line', () => {
    try {
      loadConfig({ PORT: 'x', LOG_LEVEL: 'y' }, defaults);
      throw new Error('expected a ConfigError');
    } catch (err) {
      expect((err as Error).message).not.toContain('\n');
      expect((err as Error).message).toMatch(/^Invalid configuration: .*PORT.*; LOG_LEVEL/);
    }
  });

  it('keeps the response cache in memory on request, and refuses a Redis cache without Redis', () => {
    expect(loadConfig({ REDIS_URL: 'redis://cache:6379', SWITCHYARD_CACHE_STORE: 'memory', SWITCHYARD_CACHE_MAX_BYTES: '4096' }, defaults).cache).toEqual({
      store: 'memory',
      maxBytes: 4096,
    });
    expect(problemsOf({ SWITCHYARD_CACHE_STORE: 'redis' })).toEqual(['SWITCHYARD_CACHE_STORE=redis needs REDIS_URL']);
    expect(problemsOf({ SWITCHYARD_CACHE_MAX_BYTES: '12' })[0]).toMatch(/^SWITCHYARD_CACHE_MAX_BYTES must be from 1024/);
  });
});
