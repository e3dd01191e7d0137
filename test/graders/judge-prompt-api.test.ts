import { CUSTOM_PROMPT_SYSTEM } from '../../backend/src/graders/types/judge.js';
import { mode } from '../support/env.js';
import { type RunningServer, startServer } from '../support/server.js';

describe(`POST /api/templates/validate (${mode.database})`, () => {
  let server: RunningServer;
  const validate = (json: unknown, auth = true) => server.request('/api/templates/validate', { method: 'POST', json, auth });
  const sample = { output: 'Paris.', item: { input: { question: 'Capital of France?' }, expected: 'Paris', metadata: { topic: 'geography' } } };

  beforeAll(async () => {
    server = await startServer();
  });
  afterAll(async () => {
    await server?.close();
  });

  it('needs the admin token', async () => {
    const res = await validate({ template: '{{output}}' }, false);
    expect(res.status).toBe(401);
    expect((await res.json()).error.code).toBe('auth/missing-admin-token');
  });

  it('reports a syntax error with line and column, and lists the variables a judge prompt has', async () => {
    const res = await validate({ template: 'Grade this:\n{{output}\nCHOICE: Y or N' });
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body).toMatchObject({ ok: false, error: { line: 2, column: expect.any(Number), message: expect.stringMatching(/^Expecting/) }, variables: [] });
    expect(body.system).toBeUndefined();
    expect(body.available.map((v: { name: string }) => v.name)).toEqual(['input', 'expected', 'output', 'rubric', 'metadata']);
  });

  it('names an unknown variable where it is read, with the system message the prompt would be sent after', async () => {
    const body = await (await validate({ template: 'Is {{output}}\nabout {{topic}}?' })).json();
    expect(body).toMatchObject({
      ok: false,
      variables: ['output', 'topic'],
      system: CUSTOM_PROMPT_SYSTEM,
      error: { line: 2, column: 9, message: expect.stringContaining('unknown variable `topic`') },
    });
  });

  it('renders a preview for a sample output and item, after the system message', async () => {
    const body = await (await validate({ template: 'Q: {{input}}\nTopic: {{metadata.topic}}\n{{output}}', sample })).json();
    expect(body).toMatchObject({
      ok: true,
      variables: ['input', 'metadata.topic', 'output'],
      system: expect.stringContaining('`CHOICE: <letter or number>`'),
      preview: 'Q: {\n  "question": "Capital of France?"\n}\nTopic: geography\n<<<OUTPUT>>>\nParis.\n<<</OUTPUT>>>',
    });
    expect(body.error).toBeUndefined();
  });

  it('refuses a malformed body with the field named', async () => {
    const res = await validate({ template: 42, sample: { output: 'x' } });
    expect(res.status).toBe(400);
    const paths = (await res.json()).error.details.map((d: { path: string }) => d.path);
    expect(paths).toEqual(expect.arrayContaining(['template', 'sample.item']));
    for (const sample of [[], [null], 'x', { output: 'x', item: [] }]) expect((await validate({ template: 'x', sample })).status).toBe(400);
  });

  it('is documented in OpenAPI with its request and response schemas', async () => {
    const doc = await (await server.request('/api/docs-json')).json();
    const op = doc.paths['/api/templates/validate'].post;
    expect(op.requestBody.content['application/json'].schema.$ref).toMatch(/ValidateTemplateDto$/);
    expect(op.responses['200'].content['application/json'].schema.$ref).toMatch(/TemplateCheckDto$/);
    const check = doc.components.schemas.TemplateCheckDto;
    expect(Object.keys(check.properties)).toEqual(['ok', 'error', 'variables', 'available', 'system', 'preview']);
    expect(check.properties.system).toMatchObject({ type: 'string', description: expect.stringContaining('system message') });
  });
});
