import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { NO_TRACING } from './tracing.js';

const SRC = fileURLToPath(new URL('..', import.meta.url));
const files = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : []));

describe('tracing off', () => {
  it('keeps no request span and runs jobs as they are', async () => {
    expect(NO_TRACING.enabled).toBe(false);
    expect(NO_TRACING.request('chat', 'm', {})).toBeUndefined();
    await expect(NO_TRACING.job('j', {}, async () => 42)).resolves.toBe(42);
    await expect(NO_TRACING.job('j', {}, () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
  });

  it('loads no OpenTelemetry module: only otel-tracing.ts imports the SDK, and only telemetry.module.ts imports it, dynamically', () => {
    const importers = files(SRC)
      .filter((f) => !f.endsWith('.spec.ts'))
      .filter((f) => /^import[^;]*from '@opentelemetry\//m.test(readFileSync(f, 'utf8')))
      .map((f) => relative(SRC, f));
    expect(importers).toEqual(['telemetry/otel-tracing.ts']);
    const users = files(SRC)
      .filter((f) => !f.endsWith('.spec.ts') && /otel-tracing\.js/.test(readFileSync(f, 'utf8')))
      .map((f) => relative(SRC, f));
    expect(users).toEqual(['telemetry/telemetry.module.ts']);
    expect(readFileSync(join(SRC, 'telemetry/telemetry.module.ts'), 'utf8')).toMatch(/await import\('\.\/otel-tracing\.js'\)/);
  });
});
