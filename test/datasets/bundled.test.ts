import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { mode } from '../support/env.js';
import { type RunningServer, startServer } from '../support/server.js';

const DIR = fileURLToPath(new URL('../../datasets/', import.meta.url));
const files = readdirSync(DIR)
  .filter((f) => f.endsWith('.jsonl'))
  .sort();

describe(`bundled datasets (${mode.database})`, () => {
  let server: RunningServer;
  beforeAll(async () => (server = await startServer()));
  afterAll(() => server?.close());

  it('are five files of 50–300 items', () => {
    expect(files).toEqual(['arithmetic-word-problems.jsonl', 'capital-cities.jsonl', 'json-extraction.jsonl', 'sentiment.jsonl', 'support-replies.jsonl']);
    for (const f of files) {
      const n = readFileSync(DIR + f, 'utf8')
        .trim()
        .split('\n').length;
      expect(n).toBeGreaterThanOrEqual(50);
      expect(n).toBeLessThanOrEqual(300);
    }
  });

  it.each(files)('%s uploads without a single problem', async (file) => {
    const name = `upload-${file.replace('.jsonl', '')}`;
    await server.request('/api/datasets', { method: 'POST', json: { name } });
    const res = await server.request(`/api/datasets/${name}/versions`, {
      method: 'POST',
      body: readFileSync(DIR + file),
      headers: { 'content-type': 'application/x-ndjson' },
    });
    expect(res.status).toBe(201);
    const body = await res.json();
    expect(body.problems).toEqual([]);
    expect(body.rows).toBe(
      readFileSync(DIR + file, 'utf8')
        .trim()
        .split('\n').length,
    );
  });

  it('every expected object of json-extraction is valid against its schema (the json_schema grader)', async () => {
    const schemas = JSON.parse(readFileSync(DIR + 'json-extraction.schemas.json', 'utf8')) as Record<string, object>;
    const items = readFileSync(DIR + 'json-extraction.jsonl', 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    for (const it of items) {
      const res = await server.request('/api/graders/try', {
        method: 'POST',
        json: {
          grader: { type: 'json_schema', config: { schema: schemas[it.input.schema_name] } },
          output: JSON.stringify(it.expected),
          item: { input: it.input, expected: it.expected },
        },
      });
      expect(await res.json()).toMatchObject({ ok: true, pass: true });
    }
  });

  it(mode.database === 'embedded' ? 'are loaded as demo data with graders on the embedded start' : 'are not loaded as demo data on PostgreSQL', async () => {
    const datasets = (await (await server.request('/api/datasets')).json()) as Array<{ name: string; latest: { rows: number; source: string } | null }>;
    const demo = datasets.filter((d) => d.latest?.source === 'bundled');
    const graders = (await (await server.request('/api/graders')).json()) as Array<{ name: string }>;
    if (mode.database === 'embedded') {
      expect(demo.map((d) => d.name).sort()).toEqual(files.map((f) => f.replace('.jsonl', '')));
      expect(graders.map((g) => g.name)).toEqual(expect.arrayContaining(['numeric-answer', 'sentiment-label', 'support-rubric']));
    } else {
      expect(demo).toEqual([]);
    }
  });
});
