import { describeJsonError } from './json-body-parser.js';

const errorOf = (text: string): Error => {
  try {
    JSON.parse(text);
  } catch (e) {
    return e as Error;
  }
  throw new Error('parsed');
};

describe('describeJsonError', () => {
  it('names the line and column of the mistake', () => {
    const text = '{\n  "a": 1,\n  b: 2\n}';
    expect(describeJsonError(text, errorOf(text))).toMatch(/ at line 3, column 3$/);
  });

  it('keeps the reason when JSON.parse gives no position', () => {
    expect(describeJsonError('{"a":', errorOf('{"a":'))).toBe('Unexpected end of JSON input');
  });
});
