import { readLines } from './line-reader.js';

async function lines(chunks: Array<Buffer | string>, max = 1024) {
  const out = [];
  for await (const l of readLines(chunks, max)) out.push(l);
  return out;
}

describe('readLines', () => {
  it('splits on LF and CRLF across chunk boundaries and keeps empty lines numbered', async () => {
    expect(await lines(['a\r', '\nbb\n\nc', 'c'])).toEqual([
      { n: 1, text: 'a' },
      { n: 2, text: 'bb' },
      { n: 3, text: '' },
      { n: 4, text: 'cc' },
    ]);
  });

  it('drops a UTF-8 BOM and keeps a character split across chunks whole', async () => {
    const bytes = Buffer.from('\uFEFFé🌍\n', 'utf8');
    expect(await lines([bytes.subarray(0, 5), bytes.subarray(5)])).toEqual([{ n: 1, text: 'é🌍' }]);
  });

  it('reports invalid UTF-8 and over-long lines by number, and goes on', async () => {
    const out = await lines([Buffer.from([0x6f, 0x6b, 0x0a, 0xc3, 0x28, 0x0a]), 'x'.repeat(50), '\nend'], 20);
    expect(out).toEqual([
      { n: 1, text: 'ok' },
      { n: 2, error: 'is not valid UTF-8 (save the file as UTF-8)' },
      { n: 3, error: 'is longer than the line limit of 20 bytes' },
      { n: 4, text: 'end' },
    ]);
  });

  it('refuses UTF-16', async () => {
    expect(await lines([Buffer.from([0xff, 0xfe, 0x41, 0x00])])).toEqual([{ n: 1, error: 'the file is UTF-16: save it as UTF-8' }]);
  });
});
