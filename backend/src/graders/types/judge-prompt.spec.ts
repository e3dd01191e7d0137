import { runGrader } from '../registry.js';
import { CUSTOM_PROMPT_SYSTEM } from './judge.js';
import { checkJudgePrompt } from './judge-prompt.js';

const sample = { output: 'Paris.', item: { input: { question: 'Capital of France?' }, expected: 'Paris', metadata: { topic: 'geography' } } };

describe('checkJudgePrompt', () => {
  it('lists the variables a valid prompt reads', () => {
    expect(checkJudgePrompt('Q: {{input}}\nA: {{output}}\n{{#if rubric}}{{rubric}}{{/if}}')).toEqual({
      ok: true,
      variables: ['input', 'output', 'rubric'],
      system: CUSTOM_PROMPT_SYSTEM,
    });
  });

  it('reports a syntax error with line and column, and no system message for a prompt that does not parse', () => {
    const r = checkJudgePrompt('Grade:\n{{output}\n');
    expect(r.ok).toBe(false);
    expect(r.error).toEqual({ line: 2, column: expect.any(Number), message: expect.stringMatching(/^Expecting/) });
    expect(r.system).toBeUndefined();
  });

  it('names a variable a judge prompt does not have, where it is read', () => {
    expect(checkJudgePrompt('Is {{output}}\nabout {{topic}}?')).toEqual({
      ok: false,
      variables: ['output', 'topic'],
      system: CUSTOM_PROMPT_SYSTEM,
      error: { line: 2, column: 9, message: 'unknown variable `topic` (a judge prompt has input, expected, output, rubric, metadata)' },
    });
  });

  it('renders a preview for a sample, the output fenced and metadata fields reachable', () => {
    const r = checkJudgePrompt('{{input}} / {{expected}} / {{metadata.topic}}\n{{output}}', sample);
    expect(r).toEqual({
      ok: true,
      variables: ['input', 'expected', 'metadata.topic', 'output'],
      system: CUSTOM_PROMPT_SYSTEM,
      preview: '{\n  "question": "Capital of France?"\n} / Paris / geography\n<<<OUTPUT>>>\nParis.\n<<</OUTPUT>>>',
    });
  });

  it('reports a metadata field the sample item lacks, with line and column', () => {
    const r = checkJudgePrompt('ok\n{{metadata.region}}', sample);
    expect(r).toMatchObject({ ok: false, error: { line: 2, message: 'missing variable `region`' }, system: CUSTOM_PROMPT_SYSTEM });
  });

  it('previews exactly the two messages a judge with this prompt is sent', async () => {
    const prompt = 'Is {{output}} the capital named in {{input}}? CHOICE: Y or N';
    const check = checkJudgePrompt(prompt, sample);
    const sent: unknown[] = [];
    const judge = async (_model: string, messages: unknown[]) => (sent.push(...messages), { text: 'CHOICE: Y' });
    await runGrader({ type: 'llm_judge', config: { model: 'm', prompt, choices: { Y: 1, N: 0 } } }, { ...sample, ctx: { judge } });
    expect(sent).toEqual([
      { role: 'system', content: check.system },
      { role: 'user', content: check.preview },
    ]);
    expect(check.system).toMatch(/end with one line exactly of the form `CHOICE: <letter or number>`/);
  });
});
