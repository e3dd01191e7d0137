import { promptBuilder } from './prompt.js';

describe('promptBuilder', () => {
  it('renders each template message over the item variables, also reachable as input.*', () => {
    const sut = promptBuilder({
      messages: [
        { role: 'system', content: 'Answer with a number only.' },
        { role: 'user', content: '{{question}} ({{input.unit}}, level {{metadata.level}})' },
      ],
    });
    expect(sut({ idx: 0, input: { question: 'What is 2+2?', unit: 'apples' }, metadata: { level: 1 } })).toEqual({
      ok: true,
      messages: [
        { role: 'system', content: 'Answer with a number only.' },
        { role: 'user', content: 'What is 2+2? (apples, level 1)' },
      ],
    });
  });

  it('names the missing variable when an item lacks one', () => {
    const r = promptBuilder({ messages: [{ role: 'user', content: 'Hi\n{{city}}' }] })({ idx: 4, input: { question: 'x' } });
    expect(r).toEqual({ ok: false, error: 'prompt message 1, line 2: missing variable `city`' });
  });

  it('without a template uses the item messages, or its single variable as the user message', () => {
    const sut = promptBuilder(undefined);
    const messages = [{ role: 'user', content: 'hello' }];
    expect(sut({ idx: 0, input: { messages } })).toEqual({ ok: true, messages });
    expect(sut({ idx: 1, input: { question: 'Capital of Peru?' } })).toEqual({ ok: true, messages: [{ role: 'user', content: 'Capital of Peru?' }] });
    expect(sut({ idx: 2, input: { a: 1, b: 2 } })).toEqual({ ok: false, error: 'item 2 has 2 variables and there is no prompt template' });
  });
});
