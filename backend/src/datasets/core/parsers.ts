import { parse as parseCsv } from 'csv-parse';
import { Readable, Transform } from 'node:stream';
import sjson from 'secure-json-parse';
import streamArray from 'stream-json/streamers/stream-array.js';
import { type ByteSource, readLines } from './line-reader.js';

/** One record out of an upload, or why it could not be read; `where` names it for error messages (`line 7`). */
export type RawRecord = { where: string; value: unknown } | { where: string; error: string };

export const MAX_RECORD_BYTES = 1 << 20;

const parseJson = (text: string): unknown => sjson.parse(text, undefined, { protoAction: 'remove', constructorAction: 'remove' });

/** Column of a JSON.parse failure inside one line. */
function jsonReason(err: Error): string {
  const pos = /position (\d+)/.exec(err.message);
  // Node echoes the text back (`Unexpected token '}', "{"a": }" is not valid JSON`): keep the reason only.
  const reason = err.message
    .replace(/ in JSON at position \d+.*$/, '')
    .replace(/\s*\(line \d+ column \d+\)$/, '')
    .replace(/, (\.\.\.)?".*" is not valid JSON$/s, '');
  return pos ? `${reason} at column ${Number(pos[1]) + 1}` : reason;
}

/** JSON Lines: one object per line; empty lines are skipped. */
export async function* jsonlRecords(source: ByteSource): AsyncGenerator<RawRecord> {
  for await (const line of readLines(source, MAX_RECORD_BYTES)) {
    const where = `line ${line.n}`;
    if ('error' in line) yield { where, error: line.error };
    else if (line.text.trim() === '') continue;
    else {
      try {
        yield { where, value: parseJson(line.text) };
      } catch (err) {
        yield { where, error: `is not valid JSON: ${jsonReason(err as Error)}` };
      }
    }
  }
}

/** Which CSV columns make an item: input variables, the expected answer, metadata. */
export interface CsvMapping {
  input: string[];
  expected?: string;
  metadata?: string[];
  id?: string;
}

/** Decodes UTF-8 strictly, so a file in another encoding is reported instead of read as mojibake. */
function strictUtf8(): Transform {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let offset = 0;
  return new Transform({
    transform(chunk: Buffer, _enc, done) {
      try {
        const text = decoder.decode(chunk, { stream: true });
        offset += chunk.length;
        done(null, text);
      } catch {
        done(new Error(`the file is not valid UTF-8 (near byte ${offset}); save it as UTF-8`));
      }
    },
    flush(done) {
      try {
        done(null, decoder.decode());
      } catch {
        done(new Error('the file ends in the middle of a UTF-8 character'));
      }
    },
  });
}

/**
 * CSV with a header row, mapped to items by column name. Quoted fields may hold commas, quotes and
 * newlines; a BOM and CRLF are handled; empty lines are skipped. The header is checked against the mapping
 * before any row is read.
 */
export async function* csvRecords(source: ByteSource, mapping: CsvMapping): AsyncGenerator<RawRecord> {
  const parser = parseCsv({ bom: true, columns: true, skip_empty_lines: true, info: true, max_record_size: MAX_RECORD_BYTES, relax_column_count: false });
  const decoded = Readable.from(source).pipe(strictUtf8());
  decoded.on('error', (err) => parser.destroy(err));
  decoded.pipe(parser);
  let checked = false;
  try {
    for await (const rec of parser as AsyncIterable<{ record: Record<string, string>; info: { lines: number } }>) {
      if (!checked) {
        checked = true;
        const header = Object.keys(rec.record);
        const missing = [...mapping.input, mapping.expected, ...(mapping.metadata ?? []), mapping.id].filter((c): c is string => !!c && !header.includes(c));
        if (missing.length) {
          yield { where: 'header', error: `has no column ${missing.map((c) => `\`${c}\``).join(', ')} (columns: ${header.join(', ')})` };
          return;
        }
      }
      const r = rec.record;
      const value: Record<string, unknown> = { input: Object.fromEntries(mapping.input.map((c) => [c, r[c]])) };
      if (mapping.expected) value.expected = r[mapping.expected];
      if (mapping.metadata?.length) value.metadata = Object.fromEntries(mapping.metadata.map((c) => [c, r[c]]));
      if (mapping.id) value.id = r[mapping.id];
      yield { where: `line ${rec.info.lines}`, value };
    }
  } catch (err) {
    const e = err as Error & { lines?: number; code?: string };
    yield {
      where: e.lines ? `line ${e.lines}` : 'file',
      error:
        e.code === 'CSV_RECORD_INCONSISTENT_COLUMNS' ? 'has a different number of fields than the header' : e.message.replace(/^Invalid Record Length: /, ''),
    };
  }
}

/**
 * A JSON array of items, streamed element by element (stream-json), so a large file is never whole in
 * memory. Elements are numbered from 1 (`item 12`).
 */
export async function* jsonArrayRecords(source: ByteSource): AsyncGenerator<RawRecord> {
  const decoded = Readable.from(source).pipe(strictUtf8());
  const items = decoded.pipe(streamArray.withParserAsStream());
  decoded.on('error', (err) => items.destroy(err));
  let n = 0;
  try {
    for await (const { key, value } of items as AsyncIterable<{ key: number; value: unknown }>) {
      n = key + 1;
      yield { where: `item ${n}`, value };
    }
  } catch (err) {
    const msg = (err as Error).message;
    yield {
      where: n ? `after item ${n}` : 'file',
      error: /Top-level object should be an array/i.test(msg) ? 'must be a JSON array of items' : `is not valid JSON: ${msg}`,
    };
  }
}
