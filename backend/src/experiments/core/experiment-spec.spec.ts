import { checkExperiment, DEFAULT_GUARDRAILS, type ExperimentSpec, type SpecContext } from './experiment-spec.js';

const ctx: SpecContext = {
  modelExists: (m) => m.startsWith('sim/'),
  routeExists: (a) => a === 'assist' || a === 'other',
  templateVariables: () => ({ ok: true, variables: [] }),
};
const live = (over: Partial<ExperimentSpec> = {}): ExperimentSpec => ({
  kind: 'live',
  route: 'assist',
  variants: [
    { name: 'control', model: 'assist' },
    { name: 'cand', model: 'sim/b' },
  ],
  control: 'control',
  graders: [{ name: 'g', type: 'regex', config: { pattern: '.' } }],
  primaryMetric: { grader: 'g', measure: 'pass_rate' },
  guardrails: DEFAULT_GUARDRAILS,
  nonInferiorityMargin: 0.02,
  stopping: { rule: 'sequential' },
  concurrency: 4,
  sampleRate: 0.1,
  ...over,
});
const paths = (spec: ExperimentSpec) => checkExperiment(spec, ctx).map((p) => p.path);

describe('checkExperiment for live and shadow experiments', () => {
  it('accepts a route split with weights that add up to 100, or none, and a feedback primary metric', () => {
    expect(checkExperiment(live(), ctx)).toEqual([]);
    expect(
      checkExperiment(
        live({
          variants: [
            { name: 'control', model: 'assist', weight: 90 },
            { name: 'cand', model: 'sim/b', weight: 10 },
          ],
          primaryMetric: { grader: 'feedback:thumbs', measure: 'pass_rate' },
        }),
        ctx,
      ),
    ).toEqual([]);
  });

  it('names what cannot run', () => {
    expect(paths(live({ route: undefined }))).toEqual(['route']);
    expect(paths(live({ route: 'nope' }))).toEqual(['route', 'variants[0].model']);
    expect(paths(live({ dataset: { name: 'd', version: 1 } }))).toEqual(['dataset']);
    expect(
      paths(
        live({
          variants: [
            { name: 'control', model: 'sim/a', weight: 50 },
            { name: 'cand', model: 'assist' },
          ],
        }),
      ),
    ).toEqual(['variants[0].model', 'variants[1].model', 'variants']);
    expect(paths(live({ primaryMetric: { grader: 'feedback:Bad Name', measure: 'score' } }))).toEqual(['primaryMetric.grader']);
    expect(paths(live({ kind: 'shadow', primaryMetric: { grader: 'feedback:thumbs', measure: 'score' } }))).toEqual(['primaryMetric.grader']);
    expect(
      paths(
        live({
          kind: 'shadow',
          variants: [
            { name: 'control', model: 'assist', weight: 50 },
            { name: 'cand', model: 'sim/b', weight: 50 },
          ],
        }),
      ),
    ).toEqual(['variants']);
    expect(paths(live({ prompt: { messages: [{ role: 'user', content: 'x' }] } }))).toEqual(['prompt']);
  });

  it('needs a route to promote to when asked to promote by itself', () => {
    expect(paths({ ...live(), kind: 'dataset', route: undefined, dataset: { name: 'd', version: 1 }, autoPromote: 'better' })).toContain('promoteRoute');
    expect(paths(live({ autoPromote: 'better', promoteRoute: 'missing' }))).toEqual(['promoteRoute']);
  });
});
