/**
 * The sub-graders of a composite grader as SubGraders.vue edits them: one row each (its type, its config as
 * its own form keeps it, its weight as typed), turned back into the list the composite's config holds, with
 * every problem named by its path in that config (`graders[1].weight`, `graders[0].config.pattern`).
 */
import { type NumberField, numberProblem, type Problem, type SubGraderSpec } from './schema-form';

export interface SubGraderRow {
  /** Stable across edits, so removing a row keeps the others' forms (and what they have touched). */
  key: number;
  type: string;
  config: Record<string, unknown>;
  /** As typed; empty leaves the weight out, so the composite's default applies. */
  weight: string;
  /** What the row's own config form found wrong, by path in that config. */
  problems: Problem[];
}

let lastKey = 0;

export function newRow(type: string, config: Record<string, unknown> = {}, weight = ''): SubGraderRow {
  return { key: ++lastKey, type, config, weight, problems: [] };
}

export function rowsFor(specs: SubGraderSpec[]): SubGraderRow[] {
  return specs.map((s) => newRow(s.type, s.config ?? {}, s.weight === undefined ? '' : String(s.weight)));
}

/** Why a weight as typed does not fit, or `undefined` when it does (or is empty). */
export function weightProblem(text: string, weight: NumberField | undefined): string | undefined {
  if (!weight || text.trim() === '') return undefined;
  return numberProblem(weight, Number(text.trim()));
}

/** The composite's list for the rows, and the problems that should stop a try or a save. */
export function specsFor(path: string, rows: SubGraderRow[], weight?: NumberField): { specs: SubGraderSpec[]; problems: Problem[] } {
  const problems: Problem[] = [];
  const specs = rows.map((r, i) => {
    const at = `${path}[${i}]`;
    for (const p of r.problems) problems.push({ path: p.path ? `${at}.config.${p.path}` : `${at}.config`, message: p.message });
    const spec: SubGraderSpec = { type: r.type };
    if (Object.keys(r.config).length) spec.config = r.config;
    const wrong = weightProblem(r.weight, weight);
    if (wrong) problems.push({ path: `${at}.weight`, message: wrong });
    else if (weight && r.weight.trim() !== '') spec.weight = Number(r.weight.trim());
    return spec;
  });
  return { specs, problems };
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * The API's problems about one sub-grader (`grader.config.graders[1].config.pattern`): those of its config as
 * its own form reads them (`config.pattern`), those of its type and weight, and the rest about the row.
 */
export function rowApiProblems(path: string, index: number, details: Problem[]): { config: Problem[]; type?: string; weight?: string; other: Problem[] } {
  const re = new RegExp(`(?:^|\\.)config\\.${escape(path)}\\[${index}\\](?:\\.(.+))?$`);
  const out: ReturnType<typeof rowApiProblems> = { config: [], other: [] };
  for (const d of details) {
    const m = re.exec(d.path);
    if (!m) continue;
    const rest = m[1];
    if (rest === 'config' || rest?.startsWith('config.') || rest?.startsWith('config[')) out.config.push({ path: rest, message: d.message });
    else if (rest === 'type' || rest === 'weight') out[rest] = out[rest] ? `${out[rest]}; ${d.message}` : d.message;
    else out.other.push({ path: rest ? `sub-grader ${index + 1}, ${rest}` : `sub-grader ${index + 1}`, message: d.message });
  }
  return out;
}
