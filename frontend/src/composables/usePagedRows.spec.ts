import { describe, expect, it } from 'vitest';
import { usePagedRows } from './usePagedRows';

const ITEMS = Array.from({ length: 1234 }, (_, i) => i);

function server() {
  const asked: Array<[number, number]> = [];
  const fetchPage = async (offset: number, limit: number) => {
    asked.push([offset, limit]);
    return { total: ITEMS.length, rows: ITEMS.slice(offset, offset + limit) };
  };
  return { asked, fetchPage };
}

describe('usePagedRows', () => {
  it('appends one page at a time and stops at the total', async () => {
    const s = server();
    const sut = usePagedRows(s.fetchPage, 500);
    await sut.reset();
    await sut.more();
    await sut.more();
    await sut.more();
    expect(sut.rows.value).toEqual(ITEMS);
    expect(sut.total.value).toBe(1234);
    expect(s.asked).toEqual([
      [0, 500],
      [500, 500],
      [1000, 500],
    ]);
  });

  it('does not ask twice for the same page while one is on its way', async () => {
    const s = server();
    const sut = usePagedRows(s.fetchPage, 100);
    await sut.reset();
    await Promise.all([sut.more(), sut.more(), sut.more()]);
    expect(s.asked).toHaveLength(2);
    expect(sut.rows.value).toHaveLength(200);
  });

  it('refreshes what is loaded in the server’s largest pages, keeping the rows in place', async () => {
    const s = server();
    const sut = usePagedRows(s.fetchPage, 400);
    await sut.reset();
    await sut.more();
    s.asked.length = 0;
    await sut.refresh();
    expect(s.asked).toEqual([
      [0, 500],
      [500, 300],
    ]);
    expect(sut.rows.value).toEqual(ITEMS.slice(0, 800));
  });

  it('drops an answer that a newer request overtook, and says what failed', async () => {
    let release: () => void = () => {};
    const slow = new Promise<void>((r) => (release = r));
    let calls = 0;
    const sut = usePagedRows(async (offset, limit) => {
      calls++;
      if (calls === 1) {
        await slow;
        return { total: 1, rows: ['stale'] };
      }
      if (calls === 2) return { total: 2, rows: ['fresh', 'rows'].slice(offset, offset + limit) };
      throw new Error('server down');
    });
    const first = sut.reset();
    await sut.reset();
    release();
    await first;
    expect(sut.rows.value).toEqual(['fresh', 'rows']);
    await sut.refresh();
    expect(sut.error.value).toBe('Could not load the results.');
    expect(sut.rows.value).toEqual(['fresh', 'rows']);
  });
});
