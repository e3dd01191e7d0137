import type { ErrorDetail } from '../../common/errors/app-error.js';
import type { GraderSpec } from '../../graders/registry.js';

export type ExperimentKind = 'dataset' | 'live' | 'shadow';
export type ExperimentStatus = 'draft' | 'running' | 'paused' | 'completed' | 'cancelled' | 'failed';

/** Chat messages whose `content` strings are Handlebars templates over an item's input variables. */
export interface PromptTemplate {
  messages: Array<{ role: 'system' | 'developer' | 'user' | 'assistant'; content: string }>;
}

/** Request parameters a variant sets on every call. */
export interface VariantParams {
  temperature?: number;
  top_p?: number;
  max_tokens?: number;
  seed?: number;
}

export interface VariantSpec {
  name: string;
  /** A catalogue model (`provider/model`) or a route alias. */
  model: string;
  params?: VariantParams;
  /** Overrides the experiment's prompt for this variant (dataset runs). */
  prompt?: PromptTemplate;
  /** Live experiments: share of the route's traffic in percent (weights add up to 100). */
  weight?: number;
}

export type MetricMeasure = 'score' | 'pass_rate';
export type GuardrailMetric = 'error_rate' | 'latency_p95' | 'cost_per_request';

export interface StoppingRule {
  rule: 'sample_size' | 'duration' | 'sequential';
  /** sample_size: results per variant (dataset runs: the whole dataset when absent). */
  n?: number;
  /** duration: hours after the start. */
  hours?: number;
  /** sequential: the always-valid significance level. */
  alpha?: number;
  /** Live and shadow: how often the rule is checked, in seconds (30 by default). */
  checkEverySeconds?: number;
}

/** A whole experiment definition as stored: graders are copied in at creation, so later edits do not change it. */
export interface ExperimentSpec {
  kind: ExperimentKind;
  dataset?: { name: string; version: number };
  route?: string;
  variants: VariantSpec[];
  control: string;
  graders: Array<GraderSpec & { name: string }>;
  primaryMetric: { grader: string; measure: MetricMeasure };
  guardrails: Array<{ metric: GuardrailMetric; maxRelativeIncrease: number }>;
  /** A candidate whose lower bound on the primary metric's difference is above −margin is non-inferior. */
  nonInferiorityMargin: number;
  stopping: StoppingRule;
  /** Model calls in flight at once for this experiment. */
  concurrency: number;
  prompt?: PromptTemplate;
  /** Live: share of requests whose output is graded; shadow: share of the route's requests mirrored to the candidates. */
  sampleRate?: number;
  /** Start a promotion by itself when the run ends with a winner: a better candidate, or also a non-inferior cheaper one. */
  autoPromote?: 'better' | 'better-or-cheaper';
  /** The route whose traffic an automatic promotion moves (live and shadow: `route`). */
  promoteRoute?: string;
}

/** A primary metric of the form `feedback:<metric>` is the application's feedback (live experiments), not a grader. */
export const FEEDBACK_PREFIX = 'feedback:';

/** What the checker needs to know about the world; the service answers from the catalogue, routes, graders and the dataset. */
export interface SpecContext {
  modelExists(model: string): boolean;
  routeExists(alias: string): boolean;
  /** The pinned dataset version's input variables, and whether its items carry `messages`. */
  dataset?: { variables: string[]; messages: boolean; withExpected: number; rows: number };
  /** Variables a template refers to, or a parse error. */
  templateVariables(source: string): { ok: true; variables: string[] } | { ok: false; error: string };
}

export const DEFAULT_GUARDRAILS: ExperimentSpec['guardrails'] = [
  { metric: 'error_rate', maxRelativeIncrease: 0.5 },
  { metric: 'latency_p95', maxRelativeIncrease: 0.5 },
];

/**
 * Checks a whole definition against the world it will run in and names every problem by path, so that an
 * experiment that cannot run says why before it starts.
 */
export function checkExperiment(spec: ExperimentSpec, ctx: SpecContext): ErrorDetail[] {
  const problems: ErrorDetail[] = [];
  const at = (path: string, message: string) => problems.push({ path, message });
  const names = new Set<string>();
  spec.variants.forEach((v, i) => {
    if (names.has(v.name)) at(`variants[${i}].name`, `"${v.name}" is used by another variant`);
    names.add(v.name);
    if (!ctx.modelExists(v.model) && !ctx.routeExists(v.model)) at(`variants[${i}].model`, `"${v.model}" is neither a catalogue model nor a route`);
  });
  if (spec.variants.length < 2) at('variants', 'needs a control and at least one candidate');
  if (!names.has(spec.control)) at('control', `"${spec.control}" is not one of the variants`);

  const graders = new Set(spec.graders.map((g) => g.name));
  const pm = spec.primaryMetric.grader;
  if (pm.startsWith(FEEDBACK_PREFIX)) {
    if (spec.kind !== 'live') at('primaryMetric.grader', 'feedback comes from the application on live traffic: only a live experiment can use it');
    else if (!/^[a-z0-9][a-z0-9_.-]{0,63}$/.test(pm.slice(FEEDBACK_PREFIX.length)))
      at('primaryMetric.grader', 'must be feedback:<metric> with a metric name of a-z, 0-9, _ . -');
  } else if (!graders.has(pm)) at('primaryMetric.grader', `"${pm}" is not one of the experiment's graders`);
  if (spec.autoPromote && !(spec.promoteRoute ?? spec.route)) at('promoteRoute', 'automatic promotion needs the route whose traffic it moves');
  else if (spec.promoteRoute && !ctx.routeExists(spec.promoteRoute)) at('promoteRoute', `no route named "${spec.promoteRoute}"`);

  if (spec.kind === 'dataset') {
    if (!spec.dataset) at('dataset', 'is required for a dataset experiment');
    else if (ctx.dataset) checkPrompts(spec, ctx, ctx.dataset, at);
    if (spec.stopping.rule === 'duration') at('stopping.rule', 'a dataset run ends when every item is done: use sample_size or sequential');
    if (ctx.dataset && spec.stopping.n !== undefined && spec.stopping.n > ctx.dataset.rows)
      at('stopping.n', `is larger than the dataset version (${ctx.dataset.rows} items)`);
    if (spec.variants.some((v) => v.weight !== undefined)) at('variants', 'weights split live traffic: a dataset run sends every item to every variant');
  } else {
    if (spec.dataset) at('dataset', `a ${spec.kind} experiment runs on the route's traffic, not a dataset`);
    if (!spec.route) at('route', `is required for a ${spec.kind} experiment`);
    else if (!ctx.routeExists(spec.route)) at('route', `no route named "${spec.route}"`);
    spec.variants.forEach((v, i) => {
      // The control is the route as it is; candidates are what some of its requests go (or are mirrored) to.
      if (v.name === spec.control && spec.route && v.model !== spec.route)
        at(`variants[${i}].model`, `the control of a ${spec.kind} experiment is the route itself: "${spec.route}"`);
      if (v.name !== spec.control && v.model === spec.route) at(`variants[${i}].model`, 'a candidate must differ from the route it is tested on');
      if (v.prompt) at(`variants[${i}].prompt`, `a ${spec.kind} experiment sends the application's own messages: prompt templates are for dataset runs`);
    });
    const weights = spec.variants.map((v) => v.weight);
    if (spec.kind === 'live' && weights.some((w) => w !== undefined)) {
      if (weights.some((w) => w === undefined)) at('variants', 'give every variant a weight, or none (equal shares)');
      else if (weights.reduce((a, w) => a! + w!, 0) !== 100)
        at('variants', `weights must add up to 100 (they add up to ${weights.reduce((a, w) => a! + w!, 0)})`);
    }
    if (spec.kind === 'shadow' && weights.some((w) => w !== undefined))
      at('variants', 'a shadow experiment mirrors a sample of requests to every candidate: set sampleRate, not weights');
    if (spec.prompt) at('prompt', `a ${spec.kind} experiment sends the application's own messages: prompt templates are for dataset runs`);
  }
  if (spec.stopping.rule === 'duration' && !spec.stopping.hours) at('stopping.hours', 'is required for a duration rule');
  return problems;
}

function checkPrompts(spec: ExperimentSpec, ctx: SpecContext, ds: NonNullable<SpecContext['dataset']>, at: (p: string, m: string) => void): void {
  const known = new Set([...ds.variables.map((v) => `input.${v}`), ...ds.variables, 'expected', 'metadata', 'input']);
  const check = (prompt: PromptTemplate, path: string) =>
    prompt.messages.forEach((m, i) => {
      const r = ctx.templateVariables(m.content);
      if (!r.ok) return void at(`${path}.messages[${i}].content`, r.error);
      for (const v of r.variables) {
        const root = v.split('.')[0];
        if (!known.has(v) && !known.has(root))
          at(
            `${path}.messages[${i}].content`,
            `uses {{${v}}}, which the dataset's items do not have (they have ${ds.variables.join(', ') || 'messages only'})`,
          );
      }
    });
  if (spec.prompt) check(spec.prompt, 'prompt');
  spec.variants.forEach((v, i) => {
    if (v.prompt) check(v.prompt, `variants[${i}].prompt`);
    else if (!spec.prompt && !ds.messages && ds.variables.length !== 1)
      at(
        `variants[${i}].prompt`,
        `the dataset's items are variables (${ds.variables.join(', ')}), not messages: set a prompt template for the experiment or this variant`,
      );
  });
}
