import { countTextTokens } from '../tokens.js';
import { mulberry32 } from './simulator.random.js';
import { composeAnswer, cutToTokens, findCapitalQuestion, fluentReply, keywords, lastUserText, properNouns, solveArithmetic } from './simulator.text.js';
import { WORLD_CAPITALS } from './simulator.capitals.js';

describe('solveArithmetic', () => {
  it.each([
    ['What is 17 + 25?', 42],
    ['17*3', 51],
    ['what is 3 x 4', 12],
    ['Compute 10 divided by 4.', 2.5],
    ['What is 9 minus 12?', -3],
    ['-5 - -3', -2],
    ['6 × 7 = ?', 42],
    ['What is 1.5 + 2.25', 3.75],
  ])('solves %j', (text, value) => {
    expect(solveArithmetic(text)).toBe(value);
  });

  it.each(['Released on 2024-10-21', 'version 1.2.3', '2 + 3 * 4', 'no numbers here', 'call 555-1234-99'])('leaves %j alone', (text) => {
    expect(solveArithmetic(text)).toBeUndefined();
  });

  it('marks division by zero as not a number', () => {
    expect(solveArithmetic('1 / 0')).toBeNaN();
    expect(composeAnswer('What is 1 / 0?', 1, mulberry32(1), { min: 1, max: 5 }).text).toBe('Dividing by zero is undefined.');
  });
});

describe('findCapitalQuestion', () => {
  it('finds the first country named in a capital question, aliases included', () => {
    expect(findCapitalQuestion('What is the capital of France?')).toEqual({ country: 'France', capital: 'Paris' });
    expect(findCapitalQuestion('capital of the USA, or of Canada?')).toEqual({ country: 'United States', capital: 'Washington, D.C.' });
    expect(findCapitalQuestion("What's South Africa's capital city")).toEqual({ country: 'South Africa', capital: 'Pretoria' });
    expect(findCapitalQuestion('Tell me about France')).toBeUndefined();
    expect(findCapitalQuestion('capital of Nigeria')?.capital).toBe('Abuja');
  });
});

describe('words of the question', () => {
  it('takes distinctive key words and multi-word names', () => {
    expect(keywords("What's the best way to index PostgreSQL tables? Please explain indexes.")).toEqual(['best', 'index', 'PostgreSQL', 'tables', 'indexes']);
    expect(properNouns('Book a flight from New York to Paris, then London. Berlin is next')).toEqual(['New York', 'Paris', 'London']);
  });

  it('reads the last user message, text parts only', () => {
    expect(
      lastUserText([
        { role: 'user', content: 'first' },
        {
          role: 'user',
          content: [
            { type: 'text', text: 'look' },
            { type: 'image_url', image_url: { url: 'data:' } },
            { type: 'text', text: 'here' },
          ],
        },
        { role: 'assistant', content: 'ok' },
      ]),
    ).toBe('look\n\nhere');
    expect(lastUserText([{ role: 'system', content: 'only system' }])).toBe('');
  });
});

describe('fluentReply', () => {
  it('stays within the token range and names every key word when good', () => {
    for (let seed = 0; seed < 50; seed++) {
      const text = fluentReply('How do vector databases handle similarity search?', true, mulberry32(seed), { min: 40, max: 60 });
      const n = countTextTokens(text);
      expect(n).toBeGreaterThanOrEqual(40);
      expect(n).toBeLessThanOrEqual(60);
      for (const w of ['vector', 'databases', 'handle', 'similarity', 'search']) expect(text).toContain(w);
      expect(text).toMatch(/[.!?]$/);
    }
  });

  it('fits a tight maximum', () => {
    expect(countTextTokens(fluentReply('Summarise quantum computing research trends', true, mulberry32(2), { min: 1, max: 3 }))).toBeLessThanOrEqual(3);
  });
});

describe('cutToTokens', () => {
  it('keeps a prefix within the limit, even through multi-byte characters', () => {
    const text = 'naïve café 🌍🌍🌍 über Zürich — 東京タワー and more';
    for (let max = 0; max <= countTextTokens(text); max++) {
      const cut = cutToTokens(text, max);
      expect(text.startsWith(cut)).toBe(true);
      expect(countTextTokens(cut)).toBeLessThanOrEqual(max);
    }
  });
});

describe('capital questions over the whole world', () => {
  it('knows every capital of the list the bundled dataset comes from, and the aliases of a few', () => {
    for (const [country, capital] of WORLD_CAPITALS) {
      expect(findCapitalQuestion(`What is the capital of ${country}? Answer with the city name only.`)).toEqual({ country, capital });
    }
    expect(findCapitalQuestion('What is the capital of Papua New Guinea?')?.capital).toBe('Port Moresby');
    expect(findCapitalQuestion('What is the capital of the UK?')?.capital).toBe('London');
  });

  it('answers with the bare city when asked for the name only, right with probability quality', () => {
    const right = composeAnswer('What is the capital of Peru? Answer with the city name only.', 1, mulberry32(1), { min: 5, max: 10 });
    expect(right).toEqual({ text: 'Lima', answer: 'Lima' });
    const wrong = composeAnswer('What is the capital of Peru? Answer with the city name only.', 0, mulberry32(1), { min: 5, max: 10 });
    expect(wrong.text).not.toBe('Lima');
    expect(WORLD_CAPITALS.map((c) => c[1])).toContain(wrong.text);
    expect(composeAnswer('What is the capital of Peru?', 1, mulberry32(1), { min: 5, max: 10 }).text).toBe('The capital of Peru is Lima.');
  });
});
