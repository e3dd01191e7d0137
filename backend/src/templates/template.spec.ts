import { compileTemplate } from './template.js';

describe('compileTemplate', () => {
  it('renders variables without HTML escaping, with a json helper', () => {
    const t = compileTemplate('Q: {{question}}\nData: {{json data}}');
    expect(t.ok && t.render({ question: 'Is 1 < 2 & "x"?', data: { a: 1 } })).toEqual({ ok: true, text: 'Q: Is 1 < 2 & "x"?\nData: {\n  "a": 1\n}' });
  });

  it('reports a syntax error with line and column when compiled', () => {
    const t = compileTemplate('line one\nHello {{name}\n');
    expect(t).toEqual({ ok: false, error: { line: 2, column: expect.any(Number), message: expect.stringMatching(/^Expecting/) } });
  });

  it('a missing variable is an error naming it, not an empty string', () => {
    const t = compileTemplate('Hi {{user.name}}\n{{missing}}');
    expect(t.ok && t.render({ user: { name: 'Ada' } })).toEqual({ ok: false, error: { line: 2, column: 3, message: 'missing variable `missing`' } });
  });

  it('does not reach prototype properties', () => {
    const t = compileTemplate('{{constructor.name}}');
    const r = t.ok && t.render({});
    expect(r && r.ok).toBe(false);
  });
});
