import { checkItem, FieldStats } from './item.js';

describe('checkItem', () => {
  it('accepts messages or template variables, with expected and metadata', () => {
    expect(checkItem({ input: { messages: [{ role: 'user', content: 'hi' }] }, expected: 'hello' }, 'line 1')).toMatchObject({ ok: true });
    const r = checkItem({ id: 7, input: { question: '2+2?' }, expected: { any_of: ['4', 'four'] }, metadata: { tags: ['math'] } }, 'line 2');
    expect(r).toEqual({ ok: true, item: { id: '7', input: { question: '2+2?' }, expected: { any_of: ['4', 'four'] }, metadata: { tags: ['math'] } } });
  });

  it('names every problem by line and field', () => {
    const r = checkItem({ input: { messages: [{ role: 'robot' }] }, metadata: 3, extra: true }, 'line 7');
    expect(r).toEqual({
      ok: false,
      problems: [
        { path: 'line 7: extra', message: 'is not an item field (expected id, input, expected, metadata)' },
        { path: 'line 7: input.messages[0].role', message: 'must be one of system, developer, user, assistant, tool' },
        { path: 'line 7: input.messages[0].content', message: 'is required' },
        { path: 'line 7: metadata', message: 'must be an object' },
      ],
    });
    expect(checkItem([1], 'line 1')).toMatchObject({ ok: false });
    expect(checkItem({}, 'row 2')).toEqual({ ok: false, problems: [{ path: 'row 2: input', message: 'is required' }] });
  });

  it('collects field stats', () => {
    const s = new FieldStats();
    s.add({ input: { q: 1 }, expected: 'a', metadata: { d: 1 } });
    s.add({ input: { q: 1, c: 2 } });
    expect(s.toJSON()).toEqual({ input: { q: 2, c: 1 }, metadata: { d: 1 }, withExpected: 1 });
  });
});
