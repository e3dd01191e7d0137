import { compileTemplate, templateReads, templateVariables } from './template.js';

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

describe('templateVariables', () => {
  it('lists the top-level variables a template reads, not those inside each/with blocks or helpers', () => {
    const r = templateVariables('Q: {{question}} {{#if hint}}Hint: {{hint}}{{/if}} {{json input.meta}} {{#each items}}{{name}}{{/each}} {{@root.x}}');
    expect(r).toEqual({ ok: true, variables: expect.arrayContaining(['question', 'hint', 'input.meta', 'items']) });
    expect(r.ok && r.variables).toHaveLength(4);
  });

  it('reports a syntax error with its line and column', () => {
    const r = templateVariables('Hello\n{{#if x}}unclosed');
    expect(r.ok).toBe(false);
    expect(!r.ok && r.error).toMatch(/^line \d+, column \d+: /);
  });
});

describe('templateReads', () => {
  it('says where each top-level variable is first read', () => {
    const r = templateReads('Grade this:\n  {{output}} against {{expected}}\n{{#if rubric}}{{rubric}} {{json metadata.topic}}{{/if}} {{output}}');
    expect(r).toEqual({
      ok: true,
      reads: [
        { path: 'output', line: 2, column: 5 },
        { path: 'expected', line: 2, column: 24 },
        { path: 'rubric', line: 3, column: 7 },
        { path: 'metadata.topic', line: 3, column: 33 },
      ],
    });
  });

  it('returns the syntax error with line and column', () => {
    expect(templateReads('a\n{{#if x}}')).toEqual({ ok: false, error: { line: 2, column: expect.any(Number), message: expect.any(String) } });
  });
});
