import { checkJudgePrompt } from './judge-prompt.js';

const sample = { output: 'Paris.', item: { input: { question: 'Capital of France?' }, expected: 'Paris', metadata: { topic: 'geography' } } };

describe('checkJudgePrompt', () => {
  it('lists the variables a valid prompt reads', () => {
    expect(checkJudgePrompt('Q: {{input}}\nA: {{output}}\n{{#if rubric}}{{rubric}}{{/if}}')).toEqual({ ok: true, variables: ['input', 'output', 'rubric'] });
  });

  it('reports a syntax error with line and column', () => {
    const r = checkJudgePrompt('Grade:\n{{output}\n');
    expect(r.ok).toBe(false);
    expect(r.error).toEqual({ line: 2, column: expect.any(Number), message: expect.stringMatching(/^Expecting/) });
  });

  it('names a variable a judge prompt does not have, where it is read', () => {
    expect(checkJudgePrompt('Is {{output}}\nabout {{topic}}?')).toEqual({
      ok: false,
      variables: ['output', 'topic'],
      error: { line: 2, column: 9, message: 'unknown variable `topic` (a judge prompt has input, expected, output, rubric, metadata)' },
    });
  });

  it('renders a preview for a sample, the output fenced and metadata fields reachable', () => {
    const r = checkJudgePrompt('{{input}} / {{expected}} / {{metadata.topic}}\n{{output}}', sample);
    expect(r).toEqual({
      ok: true,
      variables: ['input', 'expected', 'metadata.topic', 'output'],
      preview: '{\n  "question": "Capital of France?"\n} / Paris / geography\n<<<OUTPUT>>>\nParis.\n<<</OUTPUT>>>',
    });
  });

  it('reports a metadata field the sample item lacks, with line and column', () => {
    const r = checkJudgePrompt('ok\n{{metadata.region}}', sample);
    expect(r).toMatchObject({ ok: false, error: { line: 2, message: 'missing variable `region`' } });
  });
});
