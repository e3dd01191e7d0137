import { EvalConfigError, parseEvalConfig } from './eval-config.js';

const GOOD = `name: gate
dataset: ../datasets/capital-cities.jsonl
graders:
  - capital-exact
  - { name: mine, type: regex, config: { pattern: "\\\\w" } }
variants:
  - { name: small, model: sim/sim-small }
  - { name: large, model: sim/sim-large, params: { temperature: 0 } }
thresholds:
  - { variant: large, metric: pass_rate, min: 0.8 }
`;

const problems = (text: string) => {
  try {
    parseEvalConfig(text, 'eval.yaml');
  } catch (err) {
    if (err instanceof EvalConfigError) return err.problems;
    throw err;
  }
  throw new Error('no error');
};

describe('parseEvalConfig', () => {
  it('reads a sound file, keeping the fields the server validates', () => {
    const c = parseEvalConfig(GOOD);
    expect(c.dataset).toBe('../datasets/capital-cities.jsonl');
    expect(c.graders[1]).toEqual({ name: 'mine', type: 'regex', config: { pattern: '\\w' } });
    expect(c.variants[1]).toEqual({ name: 'large', model: 'sim/sim-large', params: { temperature: 0 } });
    expect(c.thresholds).toEqual([{ variant: 'large', metric: 'pass_rate', min: 0.8 }]);
  });

  it('names the line and field of every problem', () => {
    const p = problems(`dataset: x
graders: [a]
variants:
  - { name: small, model: sim/sim-small }
thresholds:
  - { metric: speed, min: 1 }
colour: blue
`);
    expect(p).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^line 4: variants needs a control and at least one candidate/),
        expect.stringMatching(/^line 6: thresholds\[0\]\.metric /),
        'line 7: colour is not a setting of an eval file',
      ]),
    );
  });

  it('reports YAML syntax errors by line', () => {
    expect(problems('dataset: x\n  graders: [a\n')[0]).toMatch(/^line \d+: /);
  });

  it('checks names across fields, once the shape is sound', () => {
    const crossed = `dataset: x
graders: [a]
control: nobody
primaryMetric: { grader: b }
variants:
  - { name: v, model: m }
  - { name: v, model: n }
thresholds:
  - { variant: w, metric: error_rate, max: 0.1 }
`;
    expect(problems(`${crossed}  - { metric: score }\n`)).toEqual(['line 10: thresholds[1] needs min or max']);
    const q = problems(crossed);
    expect(q).toEqual([
      'variants[1].name "v" is used twice',
      'control "nobody" is not one of the variants (v, v)',
      'primaryMetric.grader "b" is not one of the graders',
      'thresholds[0].variant "w" is not one of the variants',
    ]);
  });

  it('refuses a file that is not a mapping', () => {
    expect(problems('- a\n- b\n')).toEqual(['the file must be a mapping (key: value lines), not a list or a scalar']);
  });
});
