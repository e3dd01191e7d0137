import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isolatedEnv, mode } from '../support/env.js';
import { freePort, type RunningServer, spawnMain, startServer } from '../support/server.js';

const file = (weight = 20, extra = '') => `
version: 1
providers:
  - name: demo
    kind: simulator
    apiKey: \${DEMO_KEY:-unused}
routes:
  - alias: support
    description: Support bot
    targets:
      - model: demo/sim-small
        weight: ${100 - weight}
      - model: demo/sim-large
        weight: ${weight}${extra}
    fallback:
      maxAttempts: 2
`;

const write = (text: string) => {
  const path = join(tmpdir(), `switchyard-${process.pid}-${Math.random().toString(36).slice(2)}.yaml`);
  writeFileSync(path, text);
  return path;
};

describe(`switchyard.yaml: config as code (${mode.database})`, () => {
  let server: RunningServer;

  afterAll(() => server?.close());

  it('a field error stops the start with its exact path and line', async () => {
    const { env, cleanup } = await isolatedEnv();
    const path = write(file(150));
    const { exited, output } = spawnMain({ ...env, SWITCHYARD_CONFIG: path, PORT: String(await freePort()) });
    expect(await exited).toBe(1);
    expect(output()).toContain(`switchyard: Invalid configuration: ${path}: routes[0].targets[0].weight: must not be less than 0 (line 12)`);
    expect(output()).toContain(`routes[0].targets[1].weight: must not be greater than 100 (line 14)`);
    await cleanup();
  });

  it('a model that does not exist stops the start and changes nothing', async () => {
    const { env, cleanup } = await isolatedEnv();
    const path = write(file().replace('demo/sim-large', 'demo/no-such-model'));
    const { exited, output } = spawnMain({ ...env, SWITCHYARD_CONFIG: path, PORT: String(await freePort()) });
    expect(await exited).toBe(1);
    expect(output()).toContain(
      `switchyard: ${path} is invalid, nothing was changed: routes[0].targets[1].model: demo/no-such-model is not a model of a configured provider (GET /api/models lists them) (line 13)`,
    );
    // The same database started without the file has no demo provider: the failed apply wrote nothing.
    const s = await startServer({ reuse: env });
    const providers = (await (await s.request('/api/providers')).json()) as Array<{ name: string }>;
    expect(providers.map((p) => p.name)).not.toContain('demo');
    await s.close();
    await cleanup();
  });

  it('a sound file is applied at start', async () => {
    server = await startServer({ env: { SWITCHYARD_CONFIG: write(file()) } });
    const route = await (await server.request('/api/routes/support')).json();
    expect(route).toMatchObject({ alias: 'support', description: 'Support bot', currentVersion: 1, current: { actor: 'switchyard.yaml' } });
    expect(route.current.spec.fallback.maxAttempts).toBe(2);
  });

  it('POST /api/config/apply is idempotent, versions only real changes, and dry-runs', async () => {
    const apply = (yaml: string, dryRun?: boolean) => server.request('/api/config/apply', { method: 'POST', json: { yaml, dryRun } });
    const same = await apply(file());
    expect(await same.json()).toEqual({
      dryRun: false,
      changes: [
        { kind: 'provider', name: 'demo', action: 'unchanged' },
        { kind: 'route', name: 'support', action: 'unchanged', version: 1 },
      ],
    });
    const dry = await (await apply(file(40), true)).json();
    expect(dry.changes[1]).toEqual({ kind: 'route', name: 'support', action: 'updated', version: 2 });
    expect((await (await server.request('/api/routes/support')).json()).currentVersion).toBe(1);
    const real = await (await apply(file(40))).json();
    expect(real.changes[1]).toEqual({ kind: 'route', name: 'support', action: 'updated', version: 2 });
  });

  it('a broken apply answers 400 with every problem and changes nothing', async () => {
    const res = await server.request('/api/config/apply', { method: 'POST', json: { yaml: file(30, '\n      - model: demo/sim-mini\n        weight: 10') } });
    expect(res.status).toBe(400);
    const body = await res.json();
    expect(body.error.code).toBe('config/invalid');
    expect(body.error.details).toEqual([{ path: 'routes[0].targets', message: 'weights must add up to 100 (they add up to 110) (line 11)' }]);
    const syntax = await server.request('/api/config/apply', { method: 'POST', json: { yaml: 'routes:\n  - alias: x\n   targets: [' } });
    expect(syntax.status).toBe(400);
    expect((await syntax.json()).error.details[0].path).toMatch(/^line \d$/);
    expect((await (await server.request('/api/routes/support')).json()).currentVersion).toBe(2);
  });

  it('routes carry a strategy and a budget downgrade; a wrong strategy is refused with its line', async () => {
    const smart = (strategy: string) => `${file()}  - alias: by-price
    strategy: ${strategy}
    targets:
      - { model: demo/sim-large, weight: 0 }
      - { model: demo/sim-mini, weight: 0 }
    downgrade: { model: demo/sim-mini, threshold: 0.7 }
`;
    const bad = await server.request('/api/config/apply', { method: 'POST', json: { yaml: smart('cheapset') } });
    expect(bad.status).toBe(400);
    const details = (await bad.json()).error.details as Array<{ path: string; message: string }>;
    expect(details).toEqual([{ path: 'routes[1].strategy', message: expect.stringMatching(/weighted, cheapest, fastest, ordered.*\(line 18\)$/) }]);
    const ok = await server.request('/api/config/apply', { method: 'POST', json: { yaml: smart('cheapest') } });
    expect(ok.status).toBe(200);
    const route = await (await server.request('/api/routes/by-price')).json();
    expect(route.current.spec).toMatchObject({ strategy: 'cheapest', downgrade: { model: 'demo/sim-mini', threshold: 0.7 } });
    const again = await (await server.request('/api/config/apply', { method: 'POST', json: { yaml: smart('cheapest') } })).json();
    expect(again.changes.filter((c: { action: string }) => c.action !== 'unchanged')).toEqual([]);
    const exported = await (await server.request('/api/config/export')).text();
    expect(exported).toContain('strategy: cheapest');
  });

  it('exports the live state in the same format, secrets as references, and the export applies as no change', async () => {
    const res = await server.request('/api/config/export');
    expect(res.headers.get('content-type')).toContain('application/yaml');
    const text = await res.text();
    expect(text).toContain('apiKey: ${DEMO_API_KEY}');
    expect(text).not.toContain('unused');
    const again = await server.request('/api/config/apply', { method: 'POST', json: { yaml: text.replace('${DEMO_API_KEY}', 'unused'), dryRun: true } });
    const changes = (await again.json()).changes as Array<{ name: string; action: string }>;
    expect(changes.filter((c) => c.action !== 'unchanged')).toEqual([]);
  });
});
