/** One line of a text upload, or why it could not be read. Line numbers are 1-based. */
/** Anything `for await` can read bytes from: a request or file stream, or an array of chunks. */
export type ByteSource = AsyncIterable<Buffer | string> | Iterable<Buffer | string>;

export type Line = { n: number; text: string } | { n: number; error: string };

const NL = 0x0a;
const decoder = new TextDecoder('utf-8', { fatal: true });

/**
 * Splits a byte stream into lines without holding more than one line (and at most `maxBytes` of it) in
 * memory. Handles LF and CRLF, drops a UTF-8 byte-order mark, refuses UTF-16, and reports a line that is
 * not valid UTF-8 or longer than `maxBytes` as an error instead of text.
 */
export async function* readLines(source: ByteSource, maxBytes: number): AsyncGenerator<Line> {
  let parts: Buffer[] = [];
  let size = 0;
  let tooLong = false;
  let n = 1;
  let first = true;

  function* finish(): Generator<Line> {
    if (tooLong) {
      yield { n, error: `is longer than the line limit of ${maxBytes >= 1 << 20 ? `${maxBytes / (1 << 20)} MB` : `${maxBytes} bytes`}` };
    } else {
      let buf = parts.length === 1 ? parts[0] : Buffer.concat(parts, size);
      if (buf.length && buf[buf.length - 1] === 0x0d) buf = buf.subarray(0, buf.length - 1);
      try {
        yield { n, text: decoder.decode(buf) };
      } catch {
        yield { n, error: 'is not valid UTF-8 (save the file as UTF-8)' };
      }
    }
    parts = [];
    size = 0;
    tooLong = false;
    n++;
  }

  for await (const chunk of source) {
    let buf = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    if (first) {
      first = false;
      if (buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) buf = buf.subarray(3);
      else if ((buf[0] === 0xff && buf[1] === 0xfe) || (buf[0] === 0xfe && buf[1] === 0xff)) {
        yield { n: 1, error: 'the file is UTF-16: save it as UTF-8' };
        return;
      }
    }
    let start = 0;
    for (let i = buf.indexOf(NL, start); i !== -1; i = buf.indexOf(NL, start)) {
      if (!tooLong) {
        parts.push(buf.subarray(start, i));
        size += i - start;
        if (size > maxBytes) tooLong = true;
      }
      yield* finish();
      start = i + 1;
    }
    if (start < buf.length && !tooLong) {
      parts.push(buf.subarray(start));
      size += buf.length - start;
      if (size > maxBytes) {
        tooLong = true;
        parts = [];
      }
    }
  }
  if (size > 0 || tooLong) yield* finish();
}
