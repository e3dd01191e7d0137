import { CAPACITY, costOf, type RequestLogRecord, RequestLogBuffer } from './request-log-buffer.js';

const rec = (n: number): RequestLogRecord => ({ requestId: String(n), at: n, keyId: 'k', model: 'm', target: 't', stream: false, status: 200, latencyMs: 1 });

describe('RequestLogBuffer', () => {
  it('drains in arrival order, in parts', () => {
    const sut = new RequestLogBuffer();
    for (let i = 0; i < 5; i++) sut.push(rec(i));
    expect(sut.drain(2).map((r) => r.at)).toEqual([0, 1]);
    sut.push(rec(5));
    expect(sut.drain().map((r) => r.at)).toEqual([2, 3, 4, 5]);
    expect(sut.depth).toBe(0);
  });

  it('keeps the newest records when full and counts what it dropped', () => {
    const sut = new RequestLogBuffer();
    for (let i = 0; i < CAPACITY + 3; i++) sut.push(rec(i));
    expect(sut.depth).toBe(CAPACITY);
    expect(sut.dropped).toBe(3);
    const all = sut.drain();
    expect(all[0].at).toBe(3);
    expect(all.at(-1)!.at).toBe(CAPACITY + 2);
  });
});

describe('costOf', () => {
  it('prices tokens per million and is undefined without a price', () => {
    expect(costOf({ prompt_tokens: 1000, completion_tokens: 500, total_tokens: 1500 }, { inputPricePerM: 2, outputPricePerM: 8 })).toBeCloseTo(0.006, 10);
    expect(costOf({ prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 }, { inputPricePerM: null, outputPricePerM: 1 })).toBeUndefined();
    expect(costOf(undefined, { inputPricePerM: 1, outputPricePerM: 1 })).toBeUndefined();
  });
});
