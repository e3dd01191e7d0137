import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { mode } from '../support/env.js';
import { type RunningServer, startServer } from '../support/server.js';

const BIN = fileURLToPath(new URL('../../backend/bin/switchyard.mjs', import.meta.url));
const CAPITALS = fileURLToPath(new URL('../../datasets/capital-cities.jsonl', import.meta.url));

/** Runs the `switchyard` command as CI would, and resolves with its exit code and output. */
function cli(args: string[], env: Record<string, string> = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const proc = spawn(process.execPath, [BIN, ...args], { env: { PATH: process.env.PATH ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    proc.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    proc.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    proc.once('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

const evalFile = (dir: string, candidate: string, extra = '') => {
  const file = join(dir, `eval-${candidate}.yaml`);
  writeFileSync(
    file,
    `name: capitals-gate
dataset: { file: ${JSON.stringify(CAPITALS)}, name: capitals-ci }
graders:
  - { name: capital-exact-ci, type: exact_match, config: { normalize: { stripPunctuation: true } } }
variants:
  - { name: control, model: sim/sim-small }
  - { name: candidate, model: sim/${candidate} }
concurrency: 32
${extra}`,
  );
  return file;
};

const junitOf = (dir: string) => {
  const xml = readFileSync(join(dir, 'switchyard-eval.junit.xml'), 'utf8');
  expect(XMLValidator.validate(xml)).toBe(true);
  const suite = new XMLParser({ ignoreAttributes: false }).parse(xml).testsuites.testsuite;
  return { suite, cases: [suite.testcase].flat() as Array<{ '@_name': string; failure?: unknown }> };
};

describe(`switchyard CLI (${mode.database}, ${mode.queue})`, () => {
  let server: RunningServer;
  let remote: Record<string, string>;
  const dir = mkdtempSync(join(tmpdir(), 'switchyard-cli-'));

  beforeAll(async () => {
    server = await startServer();
    remote = { SWITCHYARD_SERVER: server.url, SWITCHYARD_TOKEN: server.adminToken };
    const providers = (await (await server.request('/api/providers')).json()) as Array<{ name: string }>;
    // A PostgreSQL start has no demo data: add the simulator as a user would.
    if (!providers.some((p) => p.name === 'sim')) {
      expect((await server.request('/api/providers', { method: 'POST', json: { name: 'sim', kind: 'simulator' } })).status).toBe(201);
    }
  });
  afterAll(() => server?.close());

  it('passes the gate for a better candidate: exit 0, a table, JSON and a JUnit file that parses', async () => {
    const out = join(dir, 'better');
    const r = await cli(
      ['eval', '--config', evalFile(dir, 'sim-large', 'thresholds:\n  - { variant: candidate, metric: pass_rate, min: 0.8 }\n'), '--output', out],
      remote,
    );
    expect(r.stderr).toContain('324/324 results');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/candidate\s+sim\/sim-large\s+162\s+\d+\.\d% \(/);
    expect(r.stdout).toContain('✓ candidate vs control: better');
    expect(r.stdout).toContain('gate: passed');
    const result = JSON.parse(readFileSync(join(out, 'switchyard-eval.json'), 'utf8'));
    expect(result).toMatchObject({ format: 'switchyard-eval/1', status: 'completed', dataset: { name: 'capitals-ci' }, gate: { passed: true } });
    expect(Object.keys(result.items.candidate)).toHaveLength(162);
    const { suite, cases } = junitOf(out);
    expect(suite['@_failures']).toBe('0');
    expect(cases.map((c) => c['@_name'])).toEqual(['candidate vs control: better', 'candidate: capital-exact-ci pass rate ≥ 0.8']);
    // The run is an experiment on the server like any other.
    expect((await server.request(`/api/experiments/${result.experiment}/report`)).status).toBe(200);
  }, 120_000);

  it('fails the gate for a degraded candidate (exit 1), also against the earlier run as a baseline', async () => {
    const out = join(dir, 'worse');
    const r = await cli(['eval', '--config', evalFile(dir, 'sim-mini'), '--output', out, '--baseline', join(dir, 'better', 'switchyard-eval.json')], remote);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('✗ candidate vs control: worse');
    expect(r.stdout).toMatch(/✗ candidate vs baseline: worse\n\s+candidate is worse than the baseline: pass rate −/);
    expect(r.stdout).toContain('gate: FAILED');
    const { suite, cases } = junitOf(out);
    expect(Number(suite['@_failures'])).toBeGreaterThanOrEqual(2);
    expect(cases.find((c) => c['@_name'] === 'candidate vs control: worse')?.failure).toBeDefined();
  }, 120_000);

  it('runs in process on embedded defaults with no server, on the bundled dataset and grader', async () => {
    const file = join(dir, 'local.yaml');
    writeFileSync(
      file,
      'dataset: capital-cities\ngraders: [capital-exact]\nvariants:\n  - { name: small, model: sim/sim-small }\n  - { name: large, model: sim/sim-large }\nconcurrency: 32\n',
    );
    const r = await cli(['eval', '--config', file, '--json'], process.env.DATABASE_URL ? { DATABASE_URL: process.env.DATABASE_URL } : {});
    expect(r.code).toBe(0);
    const result = JSON.parse(r.stdout);
    expect(result.report.verdicts).toEqual([expect.objectContaining({ variant: 'large', verdict: 'better' })]);
  }, 180_000);

  it('says what is wrong with an eval file, by line, and exits 2', async () => {
    const file = join(dir, 'broken.yaml');
    writeFileSync(file, 'dataset: capital-cities\ngraders: []\nvariants:\n  - { name: a, model: sim/sim-small }\nfailOn: maybe\n');
    const r = await cli(['eval', '--config', file], remote);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('line 2: graders needs at least one grader');
    expect(r.stderr).toContain('line 4: variants needs a control and at least one candidate');
    expect(r.stderr).toContain('line 5: failOn is not a setting of an eval file');
    expect((await cli(['eval', '--config', file, '--fail-on', 'sometimes'], remote)).stderr).toContain('--fail-on must be worse or inconclusive');
    const denied = await cli(['eval', '--config', evalFile(dir, 'sim-large')], { ...remote, SWITCHYARD_TOKEN: 'not-the-token-0123456789' });
    expect(denied.code).toBe(3);
    expect(denied.stderr).toContain('401');
  });

  it('pushes and pulls datasets, exports, diffs and applies config, and promotes into a route', async () => {
    const pushed = await cli(['datasets', 'push', CAPITALS, '--name', 'capitals-push', '--json'], remote);
    expect(pushed.code).toBe(0);
    expect(JSON.parse(pushed.stdout)).toMatchObject({ version: 1, rows: 162 });
    const pulled = await cli(['datasets', 'pull', 'capitals-push'], remote);
    expect(pulled.stdout.trim().split('\n')).toHaveLength(162);
    expect((await cli(['datasets', 'pull', 'no-such-dataset'], remote)).code).toBe(3);

    const exported = await cli(['config', 'export'], remote);
    expect(exported.code).toBe(0);
    const file = join(dir, 'switchyard.yaml');
    writeFileSync(file, `${exported.stdout}`);
    expect((await cli(['config', 'diff', file], remote)).stdout.trim()).toBe('no changes');
    writeFileSync(join(dir, 'route.yaml'), 'routes:\n  - alias: cli-route\n    targets:\n      - { model: sim/sim-small, weight: 100 }\n');
    const diff = await cli(['config', 'diff', join(dir, 'route.yaml'), '--json'], remote);
    expect(JSON.parse(diff.stdout)).toMatchObject({ dryRun: true, changes: [{ kind: 'route', name: 'cli-route', action: 'created' }] });
    expect((await server.request('/api/routes/cli-route')).status).toBe(404);
    expect((await cli(['config', 'apply', join(dir, 'route.yaml')], remote)).stdout).toContain('+ route cli-route created');

    const promoted = await cli(['routes', 'promote', '--route', 'cli-route', '--model', 'sim/sim-large', '--immediate', '--json'], remote);
    expect(promoted.code).toBe(0);
    expect(JSON.parse(promoted.stdout)).toMatchObject({ route: 'cli-route' });
    const route = (await (await server.request('/api/routes/cli-route')).json()) as {
      current: { spec: { targets: Array<{ model: string; weight: number }> } };
    };
    expect(route.current.spec.targets.find((t) => t.weight === 100)?.model).toBe('sim/sim-large');
    expect((await cli(['routes', 'promote', '--route', 'cli-route', '--model', 'sim/sim-large', '--ramp', '5,x'], remote)).code).toBe(2);
  }, 60_000);
});
