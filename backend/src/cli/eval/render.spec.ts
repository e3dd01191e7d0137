import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { junit, table } from './render.js';

describe('junit', () => {
  it('writes one test case per check, failures marked, model text escaped', () => {
    const xml = junit(
      'gate-1',
      {
        passed: false,
        checks: [
          { name: 'large vs small: better', ok: true, message: 'fine' },
          { name: 'x: "score" ≥ 1', ok: false, message: 'output said </failure><script>alert(1)</script> & \u0001 then ]]>' },
        ],
      },
      1.5,
    );
    expect(XMLValidator.validate(xml)).toBe(true);
    const doc = new XMLParser({ ignoreAttributes: false }).parse(xml);
    const suite = doc.testsuites.testsuite;
    expect(suite['@_tests']).toBe('2');
    expect(suite['@_failures']).toBe('1');
    expect(suite.testcase[1]['@_name']).toBe('x: "score" ≥ 1');
    expect(suite.testcase[1].failure['#text']).toBe('output said </failure><script>alert(1)</script> & \uFFFD then ]]>');
  });
});

describe('table', () => {
  it('pads columns to the widest cell', () => {
    expect(
      table([
        ['a', 'bb'],
        ['ccc', 'd'],
      ]),
    ).toBe('a    bb\n───  ──\nccc  d');
  });
});
