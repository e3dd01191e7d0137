import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { KNOWN_SETTINGS, loadConfig } from '../../backend/src/config/load-config.js';

const root = (p: string) => fileURLToPath(new URL(`../../${p}`, import.meta.url));

interface Service {
  image?: string;
  build?: unknown;
  environment?: Record<string, string>;
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: { test: string[] };
}

// Docker does not run on this machine: the compose file is checked by reading it.
describe('docker-compose.yml', () => {
  const compose = parse(readFileSync(root('docker-compose.yml'), 'utf8'), { merge: true }) as {
    services: Record<string, Service>;
    volumes: Record<string, unknown>;
  };
  const services = compose.services;
  const appServices = Object.entries(services).filter(([, s]) => s.build !== undefined);

  it('has PostgreSQL 16, Redis 7, an api process and a worker', () => {
    expect(services.postgres.image).toMatch(/^postgres:16/);
    expect(services.redis.image).toMatch(/^redis:7/);
    expect(services.app.environment?.SWITCHYARD_ROLE).toBe('api');
    expect(services.worker.environment?.SWITCHYARD_ROLE).toBe('worker');
    expect(Object.keys(compose.volumes)).toContain('pgdata');
  });

  it('gives every service a health check', () => {
    for (const [name, s] of Object.entries(services)) expect({ name, healthcheck: !!s.healthcheck?.test }).toEqual({ name, healthcheck: true });
  });

  it('depends only on services it defines', () => {
    for (const [, s] of Object.entries(services)) {
      for (const dep of Object.keys(s.depends_on ?? {})) expect(Object.keys(services)).toContain(dep);
    }
  });

  it('sets only variables the config module knows, with values it accepts', () => {
    for (const [name, s] of appServices) {
      const env = s.environment ?? {};
      for (const key of Object.keys(env)) expect({ name, key, known: (KNOWN_SETTINGS as readonly string[]).includes(key) }).toEqual({ name, key, known: true });
      // Substitute the values a user supplies through .env, then validate as the process would at start.
      const resolved = Object.fromEntries(
        Object.entries(env).map(([k, v]) => [
          k,
          String(v)
            .replace(/\$\{SWITCHYARD_SECRET_KEY[^}]*\}/, Buffer.alloc(32, 1).toString('base64'))
            .replace(/\$\{SWITCHYARD_ADMIN_TOKEN[^}]*\}/, 'a-long-enough-admin-token'),
        ]),
      );
      const config = loadConfig(resolved, { consoleDir: '/app/frontend/dist' });
      expect(config.database.kind).toBe('postgres');
      expect(config.queue.kind).toBe('bull');
    }
  });

  it('builds from a Dockerfile with a build and a runtime stage', () => {
    const dockerfile = readFileSync(root('Dockerfile'), 'utf8');
    expect(dockerfile.match(/^FROM /gm)).toHaveLength(2);
    expect(dockerfile).toMatch(/^CMD \["node", ("--[^"]+", )*"backend\/dist\/main.js"\]$/m);
  });
});

// `npm start`, the backend workspace's start and the image's CMD run the server with the same node flags (a
// larger young generation, measured in docs/benchmarks.md); the benches take theirs from the root script.
describe('node flags of the server', () => {
  const flagsOf = (command: string, main: string): string[] => {
    const words = command.split(/\s+/);
    const at = words.lastIndexOf('node');
    expect(words).toContain(main);
    return words.slice(at + 1, words.indexOf(main));
  };
  const rootStart = (JSON.parse(readFileSync(root('package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts.start;
  const backendStart = (JSON.parse(readFileSync(root('backend/package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts.start;
  const cmd = /^CMD (\[.*\])$/m.exec(readFileSync(root('Dockerfile'), 'utf8'))?.[1];

  it('are the same in npm start, the backend start script and the Dockerfile', () => {
    const flags = flagsOf(rootStart, 'backend/dist/main.js');
    expect(flags).toEqual(['--max-semi-space-size=64']);
    expect(flagsOf(backendStart, 'dist/main.js')).toEqual(flags);
    expect(cmd).toBeDefined();
    expect(flagsOf((JSON.parse(cmd!) as string[]).join(' '), 'backend/dist/main.js')).toEqual(flags);
  });
});
