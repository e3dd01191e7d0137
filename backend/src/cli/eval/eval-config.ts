import { isMap, LineCounter, parseDocument } from 'yaml';
import { z } from 'zod';

/** The metrics a threshold can bound, as the report gives them per variant. */
export const THRESHOLD_METRICS = ['pass_rate', 'score', 'error_rate', 'latency_p95_ms', 'cost_per_request_usd'] as const;
export type ThresholdMetric = (typeof THRESHOLD_METRICS)[number];

const name = z.string().regex(/^[a-z0-9][a-z0-9._-]{0,79}$/, 'must be 1-80 lowercase letters, digits, . _ or -');
const graderDef = z.object({ name, type: z.string().min(1), config: z.record(z.string(), z.unknown()).default({}), description: z.string().optional() });

const threshold = z
  .object({
    /** A variant's name; every variant when absent. */
    variant: z.string().optional(),
    metric: z.enum(THRESHOLD_METRICS),
    /** For pass_rate and score: the grader (the primary metric's when absent). */
    grader: z.string().optional(),
    min: z.number().optional(),
    max: z.number().optional(),
  })
  .strict()
  .refine((t) => t.min !== undefined || t.max !== undefined, { message: 'needs min or max' });

/** `switchyard eval --config eval.yaml`: a dataset experiment, the gate's thresholds, and what to compare with. */
export const evalConfigSchema = z
  .object({
    /** Prefix of the experiment's name; each run adds a timestamp. Default: the file's name. */
    name: name.optional(),
    hypothesis: z.string().max(2000).optional(),
    /** A dataset file (JSONL, CSV, JSON; pushed as a new version), a stored dataset's name, or `{ name, version }`. */
    dataset: z.union([
      z.string().min(1),
      z.object({ name: z.string().min(1), version: z.number().int().positive().optional() }).strict(),
      z.object({ file: z.string().min(1), name: name.optional() }).strict(),
    ]),
    variants: z.array(z.object({ name, model: z.string().min(1) }).passthrough()).min(2, 'needs a control and at least one candidate'),
    /** The variant the others are compared with; the first when absent. */
    control: z.string().optional(),
    /** Saved graders by name, or definitions (created when missing; an existing one must match). */
    graders: z.array(z.union([z.string().min(1), graderDef])).min(1, 'needs at least one grader'),
    primaryMetric: z
      .object({ grader: z.string().min(1), measure: z.enum(['score', 'pass_rate']).optional() })
      .strict()
      .optional(),
    guardrails: z.array(z.record(z.string(), z.unknown())).optional(),
    nonInferiorityMargin: z.number().min(0).max(1).optional(),
    concurrency: z.number().int().min(1).max(256).optional(),
    prompt: z.record(z.string(), z.unknown()).optional(),
    thresholds: z.array(threshold).default([]),
    /** In-process runs only: a switchyard.yaml (providers, models, routes) applied before the run. */
    setup: z.string().optional(),
  })
  .strict();

export type EvalConfig = z.infer<typeof evalConfigSchema>;
export type Threshold = EvalConfig['thresholds'][number];

export class EvalConfigError extends Error {
  constructor(
    readonly file: string,
    readonly problems: string[],
  ) {
    super(`${file}: ${problems.length} problem${problems.length > 1 ? 's' : ''}\n${problems.map((p) => `  ${p}`).join('\n')}`);
  }
}

/** Parses and validates an eval file; every problem names its line and field. */
export function parseEvalConfig(text: string, file = 'eval.yaml'): EvalConfig {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false });
  const lineOf = (offset: number | undefined) => (offset === undefined ? '' : `line ${lines.linePos(offset).line}: `);
  if (doc.errors.length)
    throw new EvalConfigError(
      file,
      doc.errors.map((e) => `${lineOf(e.pos[0])}${e.message.split('\n')[0]}`),
    );
  if (!isMap(doc.contents)) throw new EvalConfigError(file, ['the file must be a mapping (key: value lines), not a list or a scalar']);
  const parsed = evalConfigSchema.safeParse(doc.toJS());
  if (parsed.success) return checkNames(parsed.data, file);
  throw new EvalConfigError(
    file,
    parsed.error.issues.flatMap((i) => {
      // An unknown key is reported where it is, one problem per key.
      const paths = i.code === 'unrecognized_keys' ? i.keys.map((k) => [...i.path, k]) : [i.path];
      return paths.map((path) => {
        // The deepest node that exists names the line.
        let node: unknown;
        for (let k = path.length; k >= 0 && !node; k--) node = doc.getIn(path.slice(0, k) as Array<string | number>, true);
        const range = (node as { range?: [number, number, number] } | undefined)?.range;
        const at = path.length
          ? path
              .map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`))
              .join('')
              .replace(/^\./, '')
          : '(top)';
        const message = i.code === 'unrecognized_keys' ? 'is not a setting of an eval file' : i.message;
        return `${lineOf(range?.[0])}${at} ${message}`;
      });
    }),
  );
}

/** Cross-field checks the schema cannot express. */
function checkNames(c: EvalConfig, file: string): EvalConfig {
  const problems: string[] = [];
  const variants = c.variants.map((v) => v.name);
  variants.forEach((v, i) => variants.indexOf(v) !== i && problems.push(`variants[${i}].name "${v}" is used twice`));
  if (c.control !== undefined && !variants.includes(c.control)) problems.push(`control "${c.control}" is not one of the variants (${variants.join(', ')})`);
  const graders = c.graders.map((g) => (typeof g === 'string' ? g : g.name));
  if (c.primaryMetric && !graders.includes(c.primaryMetric.grader)) problems.push(`primaryMetric.grader "${c.primaryMetric.grader}" is not one of the graders`);
  c.thresholds.forEach((t, i) => {
    if (t.variant !== undefined && !variants.includes(t.variant)) problems.push(`thresholds[${i}].variant "${t.variant}" is not one of the variants`);
    if (t.grader !== undefined && !graders.includes(t.grader)) problems.push(`thresholds[${i}].grader "${t.grader}" is not one of the graders`);
  });
  if (problems.length) throw new EvalConfigError(file, problems);
  return c;
}
