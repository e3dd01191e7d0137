import { mode } from '../support/env.js';
import { type RunningServer, startServer } from '../support/server.js';

const jsonl = (n: number, at?: { line: number; text: string }) =>
  Array.from({ length: n }, (_, i) =>
    at && i + 1 === at.line
      ? at.text
      : JSON.stringify({ id: `q${i + 1}`, input: { question: `What is ${i} + 1?` }, expected: String(i + 1), metadata: { tags: ['math'] } }),
  ).join('\n') + '\n';

describe(`dataset uploads (${mode.database})`, () => {
  let server: RunningServer;
  const upload = (name: string, body: BodyInit, contentType: string, query = '') =>
    server.request(`/api/datasets/${name}/versions${query}`, { method: 'POST', body, headers: { 'content-type': contentType } });
  const versions = async (name: string) => (await (await server.request(`/api/datasets/${name}`)).json()).versions as Array<{ version: number; rows: number }>;

  beforeAll(async () => {
    server = await startServer();
    for (const name of ['math', 'csv', 'arr', 'broken']) expect((await server.request('/api/datasets', { method: 'POST', json: { name } })).status).toBe(201);
  });
  afterAll(() => server?.close());

  it('imports JSONL as version 1 with stats, and a second upload as version 2', async () => {
    const res = await upload('math', jsonl(120), 'application/x-ndjson');
    expect(res.status).toBe(201);
    expect(await res.json()).toMatchObject({
      version: 1,
      rows: 120,
      skipped: 0,
      format: 'jsonl',
      fields: { input: { question: 120 }, metadata: { tags: 120 }, withExpected: 120 },
      problems: [],
    });
    const v2 = await upload('math', '\uFEFF' + jsonl(3).replace(/\n/g, '\r\n') + '\n\n', 'application/x-ndjson');
    expect((await v2.json()).version).toBe(2);
    expect((await versions('math')).map((v) => [v.version, v.rows])).toEqual([
      [2, 3],
      [1, 120],
    ]);
  });

  it('previews with paging and search, and exports JSONL and CSV', async () => {
    const page = await (await server.request('/api/datasets/math/versions/1/items?offset=10&limit=5')).json();
    expect(page.total).toBe(120);
    expect(page.items.map((i: { index: number }) => i.index)).toEqual([11, 12, 13, 14, 15]);
    expect(page.items[0]).toEqual({ index: 11, id: 'q11', input: { question: 'What is 10 + 1?' }, expected: '11', metadata: { tags: ['math'] } });
    const found = await (await server.request('/api/datasets/math/versions/1/items?search=is%2099%20')).json();
    expect(found.items.map((i: { id: string }) => i.id)).toEqual(['q100']);
    const exported = await server.request('/api/datasets/math/versions/1/export');
    expect(exported.headers.get('content-disposition')).toBe('attachment; filename="math-v1.jsonl"');
    expect(await exported.text()).toBe(jsonl(120));
    const csv = await (await server.request('/api/datasets/math/versions/2/export?format=csv')).text();
    expect(csv).toBe(
      'id,question,expected,metadata.tags\nq1,What is 0 + 1?,1,"[""math""]"\nq2,What is 1 + 1?,2,"[""math""]"\nq3,What is 2 + 1?,3,"[""math""]"\n',
    );
  });

  it('imports CSV through a column mapping, quoted newlines included', async () => {
    const csv = 'question,answer,level,notes\r\n"Line one,\nline two",yes,easy,x\r\nplain,no,hard,y\r\n';
    const res = await upload('csv', csv, 'text/csv', '?input=question&expected=answer&metadata=level');
    expect(res.status).toBe(201);
    expect((await res.json()).rows).toBe(2);
    const items = (await (await server.request('/api/datasets/csv/versions/1/items')).json()).items;
    expect(items[0]).toMatchObject({ input: { question: 'Line one,\nline two' }, expected: 'yes', metadata: { level: 'easy' } });
  });

  it('imports a JSON array, as a raw stream or a multipart file', async () => {
    const arr = JSON.stringify([{ input: { q: 'a' } }, { input: { messages: [{ role: 'user', content: 'hi' }] }, expected: { any_of: ['hello', 'hi'] } }]);
    expect((await upload('arr', arr, 'application/octet-stream', '?format=json')).status).toBe(201);
    const form = new FormData();
    form.append('file', new Blob([jsonl(5)]), 'five.jsonl');
    const res = await server.request('/api/datasets/arr/versions', { method: 'POST', body: form });
    expect(res.status).toBe(201);
    expect(await res.json()).toMatchObject({ version: 2, rows: 5, source: 'five.jsonl' });
  });

  describe('broken files: the exact error, and nothing imported', () => {
    const refused = async (body: BodyInit, contentType: string, query = '') => {
      const before = (await versions('broken')).length;
      const res = await upload('broken', body, contentType, query);
      expect(res.status).toBe(400);
      expect((await versions('broken')).length).toBe(before);
      return (await res.json()).error as { code: string; message: string; details: Array<{ path: string; message: string }> };
    };

    it('bad JSON on line 7', async () => {
      const e = await refused(jsonl(10, { line: 7, text: '{"input": {"question": "x",}}' }), 'application/x-ndjson');
      expect(e.message).toBe('1 invalid record, first at line 7: nothing was imported (send skip_invalid=true to import the valid ones and skip these)');
      expect(e.details).toEqual([{ path: 'line 7', message: expect.stringMatching(/^is not valid JSON: /) }]);
    });

    it('a record without input, and a wrong role, by field', async () => {
      const e = await refused(
        jsonl(4, { line: 2, text: '{"expected":"x"}' }).replace('{"id":"q4"', '{"id":"q4","input":{"messages":[{"role":"bot","content":"x"}]},"x":1,"y"'),
        'application/x-ndjson',
      );
      expect(e.details.slice(0, 2)).toEqual([
        { path: 'line 2: input', message: 'is required' },
        expect.objectContaining({ path: expect.stringMatching(/^line 4/) }),
      ]);
    });

    it('a missing CSV column', async () => {
      const e = await refused('question,level\nq,easy\n', 'text/csv', '?input=question&expected=answer');
      expect(e.details).toEqual([{ path: 'header', message: 'has no column `answer` (columns: question, level)' }]);
    });

    it('a wrong encoding', async () => {
      const e = await refused(Buffer.from('{"input":{"q":"caf\xe9"}}\n', 'latin1'), 'application/x-ndjson');
      expect(e.details).toEqual([{ path: 'line 1', message: 'is not valid UTF-8 (save the file as UTF-8)' }]);
    });

    it('an empty file', async () => {
      const e = await refused('\n\n', 'application/x-ndjson');
      expect(e).toMatchObject({ code: 'datasets/empty-upload', message: 'The upload has no records: nothing was imported' });
    });

    it('a 5 MB single line', async () => {
      const e = await refused(`{"input":{"q":"${'x'.repeat(5 * 1024 * 1024)}"}}\n`, 'application/x-ndjson');
      expect(e.details).toEqual([{ path: 'line 1', message: 'is longer than the line limit of 1 MB' }]);
    });

    it('a CSV without a mapping', async () => {
      const e = await refused('a,b\n1,2\n', 'text/csv');
      expect(e.message).toMatch(/^A CSV upload needs a column mapping/);
    });
  });

  it('skip_invalid=true imports the valid records and reports the others', async () => {
    const res = await upload('broken', jsonl(10, { line: 3, text: 'nope' }), 'application/x-ndjson', '?skip_invalid=true');
    expect(res.status).toBe(201);
    expect(await res.json()).toMatchObject({ rows: 9, skipped: 1, problems: [{ path: 'line 3', message: expect.stringMatching(/^is not valid JSON/) }] });
  });

  it('deletes a version and a dataset', async () => {
    expect((await server.request('/api/datasets/math/versions/2', { method: 'DELETE' })).status).toBe(204);
    expect((await versions('math')).map((v) => v.version)).toEqual([1]);
    expect((await server.request('/api/datasets/csv', { method: 'DELETE' })).status).toBe(204);
    expect((await server.request('/api/datasets/csv')).status).toBe(404);
  });
});
