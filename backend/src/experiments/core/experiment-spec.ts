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
  /** Overrides the experiment's prompt for this variant. */
  prompt?: PromptTemplate;
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
}

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
  if (!graders.has(spec.primaryMetric.grader)) at('primaryMetric.grader', `"${spec.primaryMetric.grader}" is not one of the experiment's graders`);

  if (spec.kind === 'dataset') {
    if (!spec.dataset) at('dataset', 'is required for a dataset experiment');
    else if (ctx.dataset) checkPrompts(spec, ctx, ctx.dataset, at);
    if (spec.stopping.rule === 'duration') at('stopping.rule', 'a dataset run ends when every item is done: use sample_size or sequential');
    if (ctx.dataset && spec.stopping.n !== undefined && spec.stopping.n > ctx.dataset.rows)
      at('stopping.n', `is larger than the dataset version (${ctx.dataset.rows} items)`);
  } else {
    if (!spec.route) at('route', `is required for a ${spec.kind} experiment`);
    else if (!ctx.routeExists(spec.route)) at('route', `no route named "${spec.route}"`);
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
