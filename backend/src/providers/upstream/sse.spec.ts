import { SseParser } from './sse.js';

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
});
