import { StringDecoder } from 'node:string_decoder';

/** One server-sent event: its `event:` name (default `message`) and its joined `data:` lines. */
export interface SseEvent {
  event: string;
  data: string;
}

/** The most an event may hold (its data lines and an unfinished line, in characters) before the stream is refused. */
export const MAX_EVENT_CHARS = 16 * 2 ** 20;

const tooLarge = () => new Error(`upstream sent an event of more than ${MAX_EVENT_CHARS} characters`);

/**
 * Incremental server-sent-events parser (WHATWG EventSource rules): bytes in, events out. A UTF-8
 * character or a line split across network chunks is held until complete; CRLF, CR and LF all end lines.
 * Each chunk is searched once, natively, for line ends, and an unfinished line is only appended to: one large
 * event split over many chunks costs its length, not its length times the chunks. An event larger than
 * {@link MAX_EVENT_CHARS} throws rather than grow without bound.
 */
export class SseParser {
  // StringDecoder rather than TextDecoder: it holds a split character alike, at half the cost a chunk (~0.1 µs).
  private readonly decoder = new StringDecoder('utf8');
  /** The unfinished line. */
  private buffer = '';
  private event = '';
  private data: string[] = [];
  /** Characters in `data`. */
  private held = 0;
  private pendingCR = false;

  push(chunk: Uint8Array | string): SseEvent[] {
    let text = typeof chunk === 'string' ? chunk : this.decoder.write(chunk);
    if (this.pendingCR && text.charCodeAt(0) === 10) text = text.slice(1);
    this.pendingCR = false;
    const out: SseEvent[] = [];
    let start = 0;
    let lf = text.indexOf('\n');
    let cr = text.indexOf('\r');
    for (;;) {
      if (lf !== -1 && lf < start) lf = text.indexOf('\n', start);
      if (cr !== -1 && cr < start) cr = text.indexOf('\r', start);
      const i = lf === -1 ? cr : cr === -1 ? lf : Math.min(lf, cr);
      if (i === -1) break;
      const piece = text.slice(start, i);
      this.line(this.buffer === '' ? piece : this.buffer + piece, out);
      this.buffer = '';
      start = i + 1;
      if (i === cr) {
        if (start === text.length) this.pendingCR = true;
        else if (text.charCodeAt(start) === 10) start++;
      }
    }
    if (start < text.length) {
      this.buffer += start === 0 ? text : text.slice(start);
      if (this.buffer.length + this.held > MAX_EVENT_CHARS) throw tooLarge();
    }
    return out;
  }

  /** Flushes at end of stream; a final event without its blank line is still dispatched. */
  end(): SseEvent[] {
    const out: SseEvent[] = [];
    const rest = this.buffer + this.decoder.end();
    this.buffer = '';
    if (rest) this.line(rest, out);
    this.line('', out);
    return out;
  }

  private line(line: string, out: SseEvent[]): void {
    if (line === '') {
      if (this.data.length > 0) out.push({ event: this.event || 'message', data: this.data.join('\n') });
      this.event = '';
      this.data = [];
      this.held = 0;
      return;
    }
    if (line.startsWith(':')) return;
    const colon = line.indexOf(':');
    const field = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'data') {
      this.data.push(value);
      this.held += value.length + 1;
      if (this.held > MAX_EVENT_CHARS) throw tooLarge();
    } else if (field === 'event') this.event = value;
  }
}

/**
 * Yields the events of a byte stream as they complete, those of one network chunk together: a consumer that
 * loops over each batch takes one asynchronous step a chunk rather than one an event.
 */
export async function* readSseBatches(body: AsyncIterable<Uint8Array>): AsyncGenerator<SseEvent[]> {
  const parser = new SseParser();
  for await (const chunk of body) {
    const events = parser.push(chunk);
    if (events.length) yield events;
  }
  const last = parser.end();
  if (last.length) yield last;
}

/** Yields the events of a byte stream as they complete. */
export async function* readSse(body: AsyncIterable<Uint8Array>): AsyncGenerator<SseEvent> {
  for await (const events of readSseBatches(body)) for (const event of events) yield event;
}
