import { parseConfigFile } from './parse-config-file.js';

const good = `
version: 1
providers:
  - name: openai
    kind: openai
    apiKey: \${OPENAI_KEY}
    models:
      - model: gpt-4o-mini
        inputPricePerM: 0.15
        outputPricePerM: 0.6
routes:
  - alias: support-chat
    targets:
      - model: openai/gpt-4o-mini
        weight: 100
    fallback:
      maxAttempts: 2
`;

describe('parseConfigFile', () => {
  it('parses a sound file and substitutes environment variables', () => {
    const r = parseConfigFile(good, { OPENAI_KEY: 'sk-test' });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.providers![0].apiKey).toBe('sk-test');
    expect(r.value.routes![0].targets[0].weight).toBe(100);
  });

  it('names an unset variable by path', () => {
    const r = parseConfigFile(good, {});
    expect(r).toEqual({ ok: false, problems: [{ path: 'providers[0].apiKey', message: 'environment variable OPENAI_KEY is not set (line 6)' }] });
  });

  it('accepts a default for a variable', () => {
    const r = parseConfigFile(good.replace('${OPENAI_KEY}', '${OPENAI_KEY:-none}'), {});
    expect(r.ok).toBe(true);
  });

  it('names a bad field by its exact path and line', () => {
    const r = parseConfigFile(good.replace('weight: 100', 'weight: 250'), { OPENAI_KEY: 'k' });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problems).toEqual([{ path: 'routes[0].targets[0].weight', message: 'must not be greater than 100 (line 15)' }]);
  });

  it('says once that a quoted number is not a number', () => {
    const r = parseConfigFile(good.replace('weight: 100', 'weight: "100"'), { OPENAI_KEY: 'k' });
    expect(r).toEqual({
      ok: false,
      problems: [{ path: 'routes[0].targets[0].weight', message: 'must be a number conforming to the specified constraints (line 15)' }],
    });
  });

  it('rejects unknown keys as likely typos', () => {
    const r = parseConfigFile(good.replace('maxAttempts: 2', 'maxAttempt: 2'), { OPENAI_KEY: 'k' });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problems[0].path).toBe('routes[0].fallback.maxAttempt');
  });

  it('reports YAML syntax errors by line', () => {
    const r = parseConfigFile('routes:\n  - alias: x\n   targets: [', {});
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problems[0].path).toMatch(/^line \d+$/);
  });

  it('treats an empty file as an empty config', () => {
    expect(parseConfigFile('', {})).toMatchObject({ ok: true, value: {} });
  });
});
