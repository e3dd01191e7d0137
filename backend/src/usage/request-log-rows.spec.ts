import { attemptsJson, COLUMNS, copyText, insertStatement, isoTime, jsonInsertStatement, msText, roundMs, rowValues } from './request-log-rows.js';
import type { RequestLogRecord } from './request-log-buffer.js';

describe('insertStatement', () => {
  const rec = {
    requestId: 'r1',
    at: Date.UTC(2026, 0, 1),
    keyId: 'k',
    model: 'support',
    route: 'support',
    routeVersion: 2,
    target: 'sim/echo',
    attempts: [{ target: 'sim/fail', error: 'server_error', latencyMs: 3 }],
    stream: false,
    status: 200,
    latencyMs: 12.5,
    usage: { prompt_tokens: 10, completion_tokens: 5, total_tokens: 15, prompt_tokens_details: { cached_tokens: 4 } },
    costUsd: 0.001,
  };

  it('numbers the parameters of every row in column order', () => {
    const { sql, params } = insertStatement([rec, { ...rec, requestId: 'r2' }]);
    expect(params).toHaveLength(2 * COLUMNS.length);
    expect(sql).toContain(`($1,$2,`);
    expect(sql).toContain(`($${COLUMNS.length + 1},`);
    expect(sql.endsWith('ON CONFLICT DO NOTHING')).toBe(true);
    const row = Object.fromEntries(COLUMNS.map((c, i) => [c, params[i]]));
    expect(row).toMatchObject({
      request_id: 'r1',
      route_version: 2,
      input_tokens: 10,
      output_tokens: 5,
      cached_tokens: 4,
      cost_usd: 0.001,
      request_body: null,
      cache: null,
      cost_saved_usd: null,
    });
    const hit = Object.fromEntries(COLUMNS.map((c, i) => [c, insertStatement([{ ...rec, costUsd: 0, cache: 'hit', savedUsd: 0.002 }]).params[i]]));
    expect(hit).toMatchObject({ cost_usd: 0, cache: 'hit', cost_saved_usd: 0.002 });
    expect(JSON.parse(row.attempts as string)).toEqual(rec.attempts);
  });
});

describe('jsonInsertStatement', () => {
  const rec = {
    requestId: 'r1',
    at: Date.UTC(2026, 0, 1, 12, 0, 0, 123),
    keyId: '',
    model: 'support',
    target: 'sim/echo',
    attempts: [{ target: 'sim/echo', latencyMs: 3 }],
    stream: true,
    status: 502,
    errorCode: 'upstream/server-error',
    errorMessage: 'x'.repeat(3000),
    latencyMs: 12.5,
    ttftMs: 4.25,
    requestBody: { messages: [{ role: 'user', content: 'hi' }] },
  };

  it('sends the batch as one JSON parameter holding the values rowValues binds, times as epoch ms and jsonb values nested', () => {
    const { sql, params } = jsonInsertStatement([rec, { ...rec, requestId: 'r2' }]);
    expect(params).toHaveLength(1);
    expect(sql).toContain('jsonb_array_elements($1::jsonb)');
    expect(sql.endsWith('ON CONFLICT DO NOTHING')).toBe(true);
    const rows = JSON.parse(params[0] as string) as unknown[][];
    expect(rows).toHaveLength(2);
    expect(rows[1][COLUMNS.indexOf('request_id')]).toBe('r2');
    const row = Object.fromEntries(COLUMNS.map((c, i) => [c, rows[0][i]]));
    expect(row).toMatchObject({
      at: Date.UTC(2026, 0, 1, 12, 0, 0, 123),
      key_id: null,
      route: null,
      stream: true,
      latency_ms: 12.5,
      ttft_ms: 4.25,
      cost_usd: null,
    });
    expect((row.error_message as string).length).toBe(2000);
    expect(row.attempts).toEqual(rec.attempts);
    expect(row.request_body).toEqual(rec.requestBody);
    expect(row.response_body).toBeNull();
    // The same values rowValues binds, column by column.
    const bound = rowValues(rec);
    COLUMNS.forEach((c, i) => {
      if (c === 'at') expect(new Date(rows[0][i] as number)).toEqual(bound[i]);
      else if (c === 'attempts' || c === 'request_body' || c === 'response_body')
        expect(rows[0][i]).toEqual(bound[i] === null ? null : JSON.parse(bound[i] as string));
      else expect(rows[0][i]).toEqual(bound[i]);
    });
    // Every column is read from its position with its type; jsonb values as they are, JSON null as SQL NULL.
    expect(sql).toContain(`to_timestamp((e->>${COLUMNS.indexOf('at')})::double precision / 1000)`);
    expect(sql).toContain(`NULLIF(e->${COLUMNS.indexOf('request_body')}, 'null'::jsonb)`);
    expect(sql).toContain(`(e->>${COLUMNS.indexOf('status')})::integer`);
  });

  it('keeps the millisecond of a fractional time as new Date() does', () => {
    const at = Date.UTC(2026, 0, 1) + 0.987;
    const rows = JSON.parse(jsonInsertStatement([{ ...rec, at }]).params[0] as string) as unknown[][];
    expect(rows[0][COLUMNS.indexOf('at')]).toBe(new Date(at).getTime());
  });
});

describe('copyText', () => {
  it('writes one tab-separated line per record in column order, escaping what COPY would read as structure', () => {
    const text = copyText([
      {
        requestId: 'a\tb',
        at: Date.UTC(2026, 0, 1),
        keyId: 'k',
        model: 'm',
        target: '',
        attempts: [{ target: 'x\\y', error: 'line\nbreak', latencyMs: 1 }],
        stream: false,
        status: 200,
        latencyMs: 1.5,
      },
    ]);
    expect(text.endsWith('\n')).toBe(true);
    const fields = text.slice(0, -1).split('\t');
    // The tab inside request_id is escaped, so it is no separator.
    expect(fields).toHaveLength(COLUMNS.length);
    const line = text.slice(0, -1);
    expect(line.startsWith('2026-01-01T00:00:00.000Z\ta\\tb\tk\t\\N\t')).toBe(true);
    // JSON keeps its own escapes; COPY's backslashes are doubled on top of them.
    expect(line).toContain('[{"target":"x\\\\\\\\y","error":"line\\\\nbreak","latencyMs":1}]');
    expect(line).toContain('\tf\t200\t');
  });
});

describe('copyText against the row values', () => {
  // The reference: every column of rowValues in COPY's text format, one field at a time.
  const field = (v: unknown): string => {
    if (v === null || v === undefined) return '\\N';
    if (v instanceof Date) return v.toISOString();
    if (typeof v === 'boolean') return v ? 't' : 'f';
    return String(v).replace(/[\\\t\n\r]/g, (c) => ({ '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' })[c]!);
  };
  // A body that is JSON null is SQL NULL, as the JSON INSERT (NULLIF … 'null') writes it.
  const body = new Set([COLUMNS.indexOf('request_body'), COLUMNS.indexOf('response_body')]);
  const reference = (r: RequestLogRecord) =>
    rowValues(r)
      .map((v, i) => field(body.has(i) && v === 'null' ? null : v))
      .join('\t') + '\n';
  const pick = <T>(i: number, values: T[]): T => values[i % values.length];
  const odd = ['', 'plain', 'tab\there', 'back\\slash', 'new\nline\r', 'ünï 🚀', '\\N'];

  it('writes every record as the row values would, field for field, over 500 varied records', () => {
    const records: RequestLogRecord[] = Array.from({ length: 500 }, (_, i) => ({
      requestId: `${pick(i, odd)}-${i}`,
      at: Date.UTC(2026, 0, 1) + i * 1_234.5,
      keyId: pick(i, ['', '00000000-0000-4000-8000-000000000001']),
      model: pick(i + 1, odd),
      route: pick(i, [undefined, 'r', 'tab\troute']),
      routeVersion: pick(i, [undefined, 3]),
      experimentId: pick(i, [undefined, '00000000-0000-4000-8000-000000000002']),
      variant: pick(i, [undefined, 'b\\v']),
      target: pick(i, ['', 'sim/a']),
      attempts: pick(i, [undefined, [], [{ target: 'x\\y', error: 'line\nbreak', latencyMs: 1.25 }]]),
      stream: i % 2 === 0,
      status: pick(i, [200, 429, 502]),
      errorCode: pick(i, [undefined, 'rate_limited']),
      errorMessage: pick(i, [undefined, 'x'.repeat(2100), 'tab\tmessage']),
      latencyMs: pick(i, [0, 1.5, 1e-7, 123456.789]),
      ttftMs: pick(i, [undefined, 0.25]),
      usage: pick(i, [undefined, { prompt_tokens: 3, completion_tokens: 4, total_tokens: 7, prompt_tokens_details: { cached_tokens: 2 } }]),
      costUsd: pick(i, [undefined, 0, 0.0000331]),
      cache: pick(i, [undefined, 'hit']),
      savedUsd: pick(i, [undefined, 0.5]),
      requestBody: pick(i, [undefined, { messages: [{ role: 'user', content: 'a\tb\\c\nd' }] }]),
      responseBody: pick(i, [undefined, null, { text: '"quoted"' }]),
    }));
    expect(copyText(records)).toBe(records.map(reference).join(''));
  });
});

describe('msText', () => {
  it('is String(roundMs(ms)) for measured durations, whole numbers, tiny, huge, negative and non-numbers', () => {
    const values = [0, -0, 1, 1.5, 0.05, 0.001, 0.0004, 0.0005, 2.0049999, 1e-7, 999.9996, 123456.789, 2147483.647, 2147483.648, 1e12, -1.25, NaN, Infinity];
    for (let i = 0; i < 20_000; i++) values.push(Math.random() * 10 ** ((i % 7) - 2));
    for (const v of values) expect([v, msText(v)]).toEqual([v, String(roundMs(v))]);
  });
});

describe('attemptsJson', () => {
  it('is JSON.stringify of the attempts with their latencies rounded, for every kind of attempt', () => {
    const attempts = [
      { target: 'sim/a', skipped: 'breaker open', latencyMs: 0 },
      { target: 'a "quoted"\\ target\n', error: 'timeout', latencyMs: 1234.5678912 },
      { target: 'ünï 🚀', latencyMs: 0.1 + 0.2 },
      { target: 'x', latencyMs: NaN },
    ];
    const rounded = attempts.map((a) => ({ ...a, latencyMs: roundMs(a.latencyMs) }));
    expect(attemptsJson(attempts)).toBe(JSON.stringify(rounded));
    expect(attemptsJson([])).toBe('[]');
    expect(attemptsJson(undefined)).toBe('[]');
  });
});

describe('isoTime', () => {
  it('is toISOString for times in one second, across seconds, with fractions, before 1970 and far ahead', () => {
    const base = Date.UTC(2026, 11, 6, 23, 59, 58);
    const times = [
      base,
      base + 1,
      base + 9,
      base + 10,
      base + 99,
      base + 100,
      base + 999,
      base + 1000,
      base + 1000.7,
      base + 2001,
      base,
      0,
      -1,
      -1500.5,
      253402300799999,
      253402300800000,
    ];
    for (const at of times) expect(isoTime(at)).toBe(new Date(at).toISOString());
  });
});
