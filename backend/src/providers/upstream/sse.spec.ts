import { MAX_EVENT_CHARS, SseParser } from './sse.js';

const enc = new TextEncoder();

function parseInPieces(text: string, cut: (bytes: Uint8Array) => Uint8Array[]) {
  const p = new SseParser();
  const events = cut(enc.encode(text)).flatMap((c) => p.push(c));
  return [...events, ...p.end()];
}

describe('SseParser', () => {
  const stream = 'event: message_start\ndata: {"a":"héllo 🌍"}\n\n: keep-alive comment\ndata: line1\ndata: line2\n\ndata: [DONE]\n\n';
  const expected = [
    { event: 'message_start', data: '{"a":"héllo 🌍"}' },
    { event: 'message', data: 'line1\nline2' },
    { event: 'message', data: '[DONE]' },
  ];

  it('parses whole events', () => {
    expect(parseInPieces(stream, (b) => [b])).toEqual(expected);
  });

  it('gives the same events whatever the split, including inside UTF-8 characters', () => {
    const bytes = enc.encode(stream);
    for (let i = 1; i < bytes.length; i++) {
      expect(parseInPieces(stream, (b) => [b.slice(0, i), b.slice(i)])).toEqual(expected);
    }
    expect(parseInPieces(stream, (b) => Array.from(b, (x) => Uint8Array.of(x)))).toEqual(expected);
  });

  it('accepts CRLF and CR line ends, even with CRLF split across chunks', () => {
    const crlf = stream.replace(/\n/g, '\r\n');
    const bytes = enc.encode(crlf);
    for (let i = 1; i < bytes.length; i++) expect(parseInPieces(crlf, (b) => [b.slice(0, i), b.slice(i)])).toEqual(expected);
    expect(parseInPieces(stream.replace(/\n/g, '\r'), (b) => [b])).toEqual(expected);
  });

  it('dispatches a last event that lacks its blank line at end of stream', () => {
    expect(parseInPieces('data: tail', (b) => [b])).toEqual([{ event: 'message', data: 'tail' }]);
  });

  it('gives the same events in mixed line ends split into one-byte chunks', () => {
    const mixed = 'data: a\r\ndata: b\r\rdata: c\n\r\nevent: e\rdata: d\n\n';
    const want = [
      { event: 'message', data: 'a\nb' },
      { event: 'message', data: 'c' },
      { event: 'e', data: 'd' },
    ];
    expect(parseInPieces(mixed, (b) => [b])).toEqual(want);
    expect(parseInPieces(mixed, (b) => Array.from(b, (x) => Uint8Array.of(x)))).toEqual(want);
  });

  it('assembles one large event sent in many chunks, and lines split anywhere inside it', () => {
    const big = 'x'.repeat(1_000_000);
    const text = `data: ${big}\ndata: ${big}\n\ndata: [DONE]\n\n`;
    const bytes = enc.encode(text);
    const pieces = (b: Uint8Array) => Array.from({ length: Math.ceil(b.length / 997) }, (_, i) => b.slice(i * 997, (i + 1) * 997));
    expect(parseInPieces(text, pieces)).toEqual([
      { event: 'message', data: `${big}\n${big}` },
      { event: 'message', data: '[DONE]' },
    ]);
    expect(bytes.length).toBeGreaterThan(2_000_000);
  });

  it('refuses an event larger than the limit, in one line or in many', () => {
    const p = new SseParser();
    const piece = 'y'.repeat(2 ** 20);
    expect(() => {
      p.push('data: ');
      for (let i = 0; i <= MAX_EVENT_CHARS / piece.length; i++) p.push(piece);
    }).toThrow(/more than/);
    const q = new SseParser();
    expect(() => {
      for (let i = 0; i <= MAX_EVENT_CHARS / piece.length; i++) q.push(`data: ${piece}\n`);
    }).toThrow(/more than/);
  });
});
