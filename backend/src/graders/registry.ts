import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import type { ErrorDetail } from '../common/errors/app-error.js';
import { type GradeInput, type GradeResult, type GraderType, GraderError, result } from './grader.js';
import { cost, latency, toolCall } from './types/calls.js';
import { jsonField, jsonSchema, jsonValid } from './types/json.js';
import { embeddingSimilarity, llmJudge, pairwise } from './types/judge.js';
import { checkJudgePrompt } from './types/judge-prompt.js';
import { numeric } from './types/numeric.js';
import { bleuGrader, levenshteinSimilarity, rougeLGrader } from './types/similarity.js';
import { contains, containsAll, containsAny, exactMatch, length, notContains, oneOf, regex, startsWith } from './types/text.js';

/** A grader as experiments and the console refer to it: a type and its config. */
export interface GraderSpec {
  type: string;
  config?: Record<string, unknown>;
}

type Composite = { graders: Array<GraderSpec & { weight?: number }>; threshold?: number };

const composite: GraderType<Composite> = {
  type: 'composite',
  description: 'A weighted average of other graders; passes when the average reaches the threshold',
  schema: {
    type: 'object',
    required: ['graders'],
    properties: {
      graders: {
        type: 'array',
        minItems: 1,
        items: {
          type: 'object',
          required: ['type'],
          properties: { type: { type: 'string' }, config: { type: 'object' }, weight: { type: 'number', exclusiveMinimum: 0, default: 1 } },
          additionalProperties: false,
        },
      },
      threshold: { type: 'number', minimum: 0, maximum: 1, default: 0.5 },
    },
    additionalProperties: false,
  },
  async grade(c, x) {
    let total = 0;
    let sum = 0;
    const parts: string[] = [];
    for (const g of c.graders) {
      const r = await runGrader(g, x);
      if (!r.ok) throw new GraderError(`${g.type}: ${r.error}`);
      const w = g.weight ?? 1;
      total += w;
      sum += w * r.result.score;
      parts.push(`${g.type} ${r.result.score.toFixed(2)}`);
    }
    const score = sum / total;
    const t = c.threshold ?? 0.5;
    return result(score, score >= t, parts.join(', '));
  },
};

/** Every grader type, by name: adding one is a file in `types/` and a line here. */
export const GRADER_TYPES: ReadonlyMap<string, GraderType<never>> = new Map(
  [
    exactMatch,
    contains,
    containsAny,
    containsAll,
    notContains,
    regex,
    startsWith,
    oneOf,
    length,
    jsonValid,
    jsonSchema,
    jsonField,
    numeric,
    levenshteinSimilarity,
    rougeLGrader,
    bleuGrader,
    toolCall,
    latency,
    cost,
    composite,
    llmJudge,
    pairwise,
    embeddingSimilarity,
  ].map((g) => [g.type, g as GraderType<never>]),
);

const ajv = new Ajv2020({ allErrors: true, strict: false });
const validators = new Map<string, ValidateFunction>();

export function graderType(type: string): GraderType<never> | undefined {
  return GRADER_TYPES.get(type);
}

export function allGraderTypes(): GraderType<never>[] {
  return [...GRADER_TYPES.values()];
}

/** Checks a spec against its type's schema; problems are named by path (`config.values`), prefixed by `path`. */
export function checkGraderSpec(spec: GraderSpec, path = ''): ErrorDetail[] {
  const at = (p: string) => (path ? `${path}.${p}` : p);
  const g = graderType(spec.type);
  if (!g)
    return [
      {
        path: at('type'),
        message: `is not a grader type (known: ${allGraderTypes()
          .map((t) => t.type)
          .join(', ')})`,
      },
    ];
  let validate = validators.get(g.type);
  if (!validate) {
    validate = ajv.compile(g.schema);
    validators.set(g.type, validate);
  }
  if (validate(spec.config ?? {})) {
    if (g.type === 'composite') return ((spec.config as Composite).graders ?? []).flatMap((s, i) => checkGraderSpec(s, at(`config.graders[${i}]`)));
    const prompt = (spec.config as { prompt?: unknown } | undefined)?.prompt;
    if (g.type === 'llm_judge' && typeof prompt === 'string') {
      const { error } = checkJudgePrompt(prompt);
      if (error) return [{ path: at('config.prompt'), message: `line ${error.line}, column ${error.column}: ${error.message}` }];
    }
    return [];
  }
  return (validate.errors ?? []).map((e) => {
    const field = e.instancePath
      .replace(/^\//, '')
      .replace(/\/(\d+)/g, '[$1]')
      .replace(/\//g, '.');
    const extra = e.keyword === 'additionalProperties' ? ` (${(e.params as { additionalProperty: string }).additionalProperty})` : '';
    return { path: at(field ? `config.${field}` : 'config'), message: `${e.message}${extra}` };
  });
}

/** Runs one grader. A grader that cannot decide (no expected answer, bad pattern, judge failure) is an error, never a score. */
export async function runGrader(spec: GraderSpec, x: GradeInput): Promise<{ ok: true; result: GradeResult } | { ok: false; error: string }> {
  const g = graderType(spec.type);
  if (!g) return { ok: false, error: `unknown grader type ${spec.type}` };
  try {
    return { ok: true, result: await g.grade((spec.config ?? {}) as never, x) };
  } catch (err) {
    return { ok: false, error: err instanceof Error ? err.message : String(err) };
  }
}
