import type { AutoPromote, CreateExperimentRequest, ExperimentKind, GuardrailMetric, MetricMeasure, StoppingRuleKind } from '../../api/types';
import type { FieldLocation } from '../../utils/field-errors';

// Mirrors the backend's CreateExperimentDto and checkExperiment so the plainest mistakes are caught before a
// round trip; everything else (models, routes, dataset size, templates) is the server's to say, by path.
export const NAME_PATTERN = /^[a-z0-9][a-z0-9._-]{0,99}$/;

export interface VariantRow {
  name: string;
  model: string;
  /** Live splits: percent of the route's traffic; null for equal shares. */
  weight: number | null;
}

export interface GuardrailRow {
  on: boolean;
  /** Largest allowed increase over the control, in percent. */
  maxIncreasePercent: number;
}

export interface ExperimentFormValues {
  name: string;
  hypothesis: string;
  kind: ExperimentKind;
  dataset: string;
  route: string;
  /** A user-message template over the dataset's variables; empty when the items carry messages. */
  prompt: string;
  variants: VariantRow[];
  /** Index of the control in `variants`. */
  control: number;
  graders: string[];
  primaryGrader: string;
  measure: MetricMeasure;
  nonInferiorityMargin: number;
  guardrails: Record<GuardrailMetric, GuardrailRow>;
  stopping: StoppingRuleKind;
  /** sample_size: results per variant; null for every item (dataset runs). */
  n: number | null;
  hours: number | null;
  alpha: number;
  checkEverySeconds: number;
  /** Live and shadow, in percent. */
  sampleRatePercent: number;
  concurrency: number;
  autoPromote: '' | AutoPromote;
  promoteRoute: string;
  start: boolean;
}

export const GUARDRAIL_METRICS: ReadonlyArray<{ metric: GuardrailMetric; label: string; explain: string }> = [
  { metric: 'error_rate', label: 'Error rate', explain: 'how often the model call fails (timeouts, provider errors)' },
  { metric: 'latency_p95', label: 'Latency p95', explain: 'the time within which 95% of answers arrive' },
  { metric: 'cost_per_request', label: 'Cost per request', explain: 'what one answer costs at the catalogue prices' },
];

export function newExperimentForm(): ExperimentFormValues {
  return {
    name: '',
    hypothesis: '',
    kind: 'dataset',
    dataset: '',
    route: '',
    prompt: '',
    variants: [
      { name: 'control', model: '', weight: null },
      { name: 'candidate', model: '', weight: null },
    ],
    control: 0,
    graders: [],
    primaryGrader: '',
    measure: 'pass_rate',
    nonInferiorityMargin: 0.02,
    guardrails: {
      error_rate: { on: true, maxIncreasePercent: 50 },
      latency_p95: { on: true, maxIncreasePercent: 50 },
      cost_per_request: { on: false, maxIncreasePercent: 50 },
    },
    stopping: 'sample_size',
    n: null,
    hours: 24,
    alpha: 0.05,
    checkEverySeconds: 30,
    sampleRatePercent: 10,
    concurrency: 16,
    autoPromote: '',
    promoteRoute: '',
    start: true,
  };
}

export type VariantField = `variants[${number}].${'name' | 'model' | 'weight'}`;
export type ExperimentField =
  | 'name'
  | 'hypothesis'
  | 'kind'
  | 'dataset'
  | 'route'
  | 'prompt'
  | 'variants'
  | VariantField
  | 'graders'
  | 'primaryMetric'
  | 'nonInferiorityMargin'
  | 'guardrails'
  | 'stopping'
  | 'sampleRate'
  | 'concurrency'
  | 'autoPromote'
  | 'promoteRoute';

export type ExperimentErrors = Partial<Record<ExperimentField, string>>;

export const variantField = (i: number, part: 'name' | 'model' | 'weight'): VariantField => `variants[${i}].${part}`;

/** The checks worth making before sending: names, choices left empty, weights that cannot add up. */
export function validateExperimentForm(v: ExperimentFormValues): ExperimentErrors {
  const errors: ExperimentErrors = {};
  if (!v.name.trim()) errors.name = 'Enter a name.';
  else if (!NAME_PATTERN.test(v.name.trim())) errors.name = 'Use up to 100 lowercase letters, digits, . _ or -, starting with a letter or digit.';
  if (v.kind === 'dataset' && !v.dataset) errors.dataset = 'Choose the dataset to run.';
  if (v.kind !== 'dataset' && !v.route) errors.route = 'Choose the route whose traffic the experiment uses.';
  const seen = new Set<string>();
  v.variants.forEach((row, i) => {
    const name = row.name.trim();
    if (!NAME_PATTERN.test(name)) errors[variantField(i, 'name')] = 'Use lowercase letters, digits, . _ or -.';
    else if (seen.has(name)) errors[variantField(i, 'name')] = `Another variant is already called ${name}.`;
    seen.add(name);
    if (!modelOf(v, i)) errors[variantField(i, 'model')] = 'Choose a model or route.';
  });
  if (v.kind === 'live') {
    const weights = v.variants.map((r) => r.weight);
    const given = weights.filter((w) => w !== null && w !== undefined && String(w) !== '');
    if (given.length && given.length !== weights.length) errors.variants = 'Give every variant a weight, or none for equal shares.';
    else if (given.length && Math.abs(given.reduce<number>((s, w) => s + Number(w), 0) - 100) > 1e-9)
      errors.variants = `Weights must add up to 100 (now ${given.reduce<number>((s, w) => s + Number(w), 0)}).`;
  }
  if (v.graders.length === 0) errors.graders = 'Choose at least one grader.';
  if (v.stopping === 'duration' && !v.hours) errors.stopping = 'Enter how many hours the experiment runs.';
  return errors;
}

/** The control of a live or shadow experiment is the route itself; anything else is what the row names. */
export function modelOf(v: ExperimentFormValues, i: number): string {
  return v.kind !== 'dataset' && i === v.control ? v.route : (v.variants[i]?.model ?? '');
}

const numberOrUndefined = (x: number | null) => (x === null || String(x) === '' || !Number.isFinite(Number(x)) ? undefined : Number(x));

export function toCreateRequest(v: ExperimentFormValues): CreateExperimentRequest {
  const live = v.kind !== 'dataset';
  const variants = v.variants.map((row, i) => {
    const weight = numberOrUndefined(row.weight);
    return { name: row.name.trim(), model: modelOf(v, i), ...(v.kind === 'live' && weight !== undefined ? { weight } : {}) };
  });
  const body: CreateExperimentRequest = {
    name: v.name.trim(),
    kind: v.kind,
    variants,
    control: variants[v.control]?.name,
    graders: v.graders,
    primaryMetric: { grader: v.primaryGrader || v.graders[0] || '', measure: v.measure },
    guardrails: Object.entries(v.guardrails)
      .filter(([, g]) => g.on)
      .map(([metric, g]) => ({ metric: metric as GuardrailMetric, maxRelativeIncrease: Number(g.maxIncreasePercent) / 100 })),
    nonInferiorityMargin: Number(v.nonInferiorityMargin),
    stopping: { rule: v.stopping },
    start: v.start,
  };
  if (v.hypothesis.trim()) body.hypothesis = v.hypothesis.trim();
  if (live) {
    body.route = v.route;
    body.sampleRate = Number(v.sampleRatePercent) / 100;
    body.stopping!.checkEverySeconds = Number(v.checkEverySeconds);
  } else {
    body.dataset = { name: v.dataset };
    body.concurrency = Number(v.concurrency);
    if (v.prompt.trim()) body.prompt = { messages: [{ role: 'user', content: v.prompt }] };
  }
  const n = numberOrUndefined(v.n);
  if (v.stopping === 'sample_size' && n !== undefined) body.stopping!.n = n;
  if (v.stopping === 'duration') body.stopping!.hours = numberOrUndefined(v.hours);
  if (v.stopping === 'sequential') body.stopping!.alpha = Number(v.alpha);
  if (v.autoPromote) {
    body.autoPromote = v.autoPromote;
    if (!live && v.promoteRoute) body.promoteRoute = v.promoteRoute;
  }
  return body;
}

const TOP_LEVEL: Record<string, FieldLocation<ExperimentField>> = {
  name: { field: 'name', label: 'Name' },
  hypothesis: { field: 'hypothesis', label: 'Hypothesis' },
  kind: { field: 'kind', label: 'Kind' },
  dataset: { field: 'dataset', label: 'Dataset' },
  'dataset.name': { field: 'dataset', label: 'Dataset' },
  'dataset.version': { field: 'dataset', label: 'Dataset version' },
  route: { field: 'route', label: 'Route' },
  variants: { field: 'variants', label: 'Variants' },
  control: { field: 'variants', label: 'Control' },
  graders: { field: 'graders', label: 'Graders' },
  nonInferiorityMargin: { field: 'nonInferiorityMargin', label: 'Margin' },
  sampleRate: { field: 'sampleRate', label: 'Sample rate' },
  concurrency: { field: 'concurrency', label: 'Concurrency' },
  autoPromote: { field: 'autoPromote', label: 'Automatic promotion' },
  promoteRoute: { field: 'promoteRoute', label: 'Route to promote on' },
  'stopping.rule': { field: 'stopping', label: 'Stopping rule' },
  'stopping.n': { field: 'stopping', label: 'Results per variant' },
  'stopping.hours': { field: 'stopping', label: 'Hours' },
  'stopping.alpha': { field: 'stopping', label: 'Significance level' },
  'stopping.checkEverySeconds': { field: 'stopping', label: 'Check interval' },
  'primaryMetric.grader': { field: 'primaryMetric', label: 'Primary metric' },
  'primaryMetric.measure': { field: 'primaryMetric', label: 'Measure' },
};

/** Maps the backend's `details[].path` (`variants[1].model`, `stopping.n`, `graders[0]`) to the wizard's field. */
export function locateExperimentField(path: string): FieldLocation<ExperimentField> | null {
  if (TOP_LEVEL[path]) return TOP_LEVEL[path];
  const variant = /^variants\[(\d+)\](?:\.(\w+))?/.exec(path);
  if (variant) {
    const i = Number(variant[1]);
    const part = variant[2];
    if (part === 'name' || part === 'model' || part === 'weight') return { field: variantField(i, part), label: `Variant ${i + 1} ${part}` };
    if (part === 'prompt') return { field: 'prompt', label: `Prompt (variant ${i + 1})` };
    return { field: 'variants', label: `Variant ${i + 1}` };
  }
  const grader = /^graders\[(\d+)\]/.exec(path);
  if (grader) return { field: 'graders', label: `Grader ${Number(grader[1]) + 1}` };
  if (path.startsWith('guardrails')) return { field: 'guardrails', label: 'Guardrail' };
  if (path.startsWith('prompt')) return { field: 'prompt', label: 'Prompt' };
  if (path.startsWith('stopping')) return { field: 'stopping', label: 'Stopping rule' };
  if (path.startsWith('primaryMetric')) return { field: 'primaryMetric', label: 'Primary metric' };
  if (path.startsWith('dataset')) return { field: 'dataset', label: 'Dataset' };
  return null;
}
