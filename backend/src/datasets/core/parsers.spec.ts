import { csvRecords, jsonArrayRecords, jsonlRecords } from './parsers.js';

async function all(gen: AsyncIterable<unknown>) {
  const out = [];
  for await (const r of gen) out.push(r);
  return out;
}

describe('jsonlRecords', () => {
  it('parses lines, skips empty ones and names a broken line with its column', async () => {
    const text = '{"input":{"q":"a"}}\r\n\n{"input": {"q": }\n[1]\n';
    expect(await all(jsonlRecords([text]))).toEqual([
      { where: 'line 1', value: { input: { q: 'a' } } },
      { where: 'line 3', error: expect.stringMatching(/^is not valid JSON: Unexpected token '?}'?( at column 17)?$/) },
      { where: 'line 4', value: [1] },
    ]);
  });
});

describe('csvRecords', () => {
  const mapping = { input: ['question'], expected: 'answer', metadata: ['level'] };

  it('maps columns, with quoted commas, quotes and newlines, a BOM and CRLF', async () => {
    const csv = '\uFEFFquestion,answer,level\r\n"Say ""hi"", then\nwait",hi,easy\r\n\r\nplain,x,hard\r\n';
    expect(await all(csvRecords([Buffer.from(csv)], mapping))).toEqual([
      { where: 'line 3', value: { input: { question: 'Say "hi", then\nwait' }, expected: 'hi', metadata: { level: 'easy' } } },
      { where: 'line 5', value: { input: { question: 'plain' }, expected: 'x', metadata: { level: 'hard' } } },
    ]);
  });

  it('names a mapped column missing from the header', async () => {
    expect(await all(csvRecords(['q,answer\nx,y\n'], mapping))).toEqual([{ where: 'header', error: 'has no column `question`, `level` (columns: q, answer)' }]);
  });

  it('names a row with the wrong number of fields, and a file that is not UTF-8', async () => {
    const bad = await all(csvRecords(['question,answer,level\na,b,c\nd,e\n'], mapping));
    expect(bad.at(-1)).toEqual({ where: 'line 3', error: 'has a different number of fields than the header' });
    const latin1 = Buffer.from('question,answer,level\ncaf\xe9,b,c\n', 'latin1');
    expect(await all(csvRecords([latin1], mapping))).toEqual([{ where: 'file', error: 'the file is not valid UTF-8 (near byte 0); save it as UTF-8' }]);
  });
});

describe('jsonArrayRecords', () => {
  it('streams the elements of an array', async () => {
    expect(await all(jsonArrayRecords(['[{"input":{"a":1}},', '{"input":{"a":2}}]']))).toEqual([
      { where: 'item 1', value: { input: { a: 1 } } },
      { where: 'item 2', value: { input: { a: 2 } } },
    ]);
  });

  it('refuses a top-level object and broken JSON', async () => {
    expect(await all(jsonArrayRecords(['{"input":{}}']))).toEqual([{ where: 'file', error: 'must be a JSON array of items' }]);
    const broken = await all(jsonArrayRecords(['[{"input":{"a":1}}, ', '{"input": }]']));
    expect(broken.at(-1)).toMatchObject({ error: 'is not valid JSON: Parser cannot parse input: expected a value' });
  });
});
