import { compileTemplate, type TemplateError, templateReads } from '../../templates/template.js';
import type { GradeInput } from '../grader.js';
import { CUSTOM_PROMPT_SYSTEM, JUDGE_VARIABLES, judgeVariables } from './judge.js';

export interface JudgePromptCheck {
  ok: boolean;
  /** The first problem: a syntax error, a variable a judge prompt does not have, or (with a sample) a render error. */
  error?: TemplateError;
  /** The top-level variables the template reads, in order of first use. */
  variables: string[];
  /** The system message the judge gets before this prompt, whenever the template parses. */
  system?: string;
  /** The template rendered with the sample (the user message), when one was given and it rendered. */
  preview?: string;
}

/**
 * Checks a custom judge prompt as the console's editor and a save see it: Handlebars syntax, then that every
 * variable it reads is one a judge prompt is rendered with, then (given a sample output and item) that it
 * renders for that item; each problem with its line and column. Once the template parses, the answer also
 * carries the system message the judge would get with it, so a preview shows both messages.
 */
export function checkJudgePrompt(source: string, sample?: Pick<GradeInput, 'output' | 'item'> & { rubric?: string }): JudgePromptCheck {
  const reads = templateReads(source);
  if (!reads.ok) return { ok: false, error: reads.error, variables: [] };
  const variables = reads.reads.map((r) => r.path);
  const system = CUSTOM_PROMPT_SYSTEM;
  const unknown = reads.reads.find((r) => !(r.path.split('.')[0]! in JUDGE_VARIABLES));
  if (unknown)
    return {
      ok: false,
      variables,
      system,
      error: {
        line: unknown.line,
        column: unknown.column,
        message: `unknown variable \`${unknown.path}\` (a judge prompt has ${Object.keys(JUDGE_VARIABLES).join(', ')})`,
      },
    };
  if (!sample) return { ok: true, variables, system };
  const compiled = compileTemplate(source);
  if (!compiled.ok) return { ok: false, error: compiled.error, variables, system };
  const rendered = compiled.render(judgeVariables(sample, sample.rubric));
  return rendered.ok ? { ok: true, variables, system, preview: rendered.text } : { ok: false, error: rendered.error, variables, system };
}
