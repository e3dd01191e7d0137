import { ApiError } from '../api/client';

/** Where a server-side `details[].path` belongs in a form, and how to phrase it there. */
export interface FieldLocation<F extends string> {
  field: F;
  /** Put before the server's message, e.g. "Name" + "is already used". */
  label: string;
}

export interface FormErrors<F extends string> {
  fields: Partial<Record<F, string>>;
  /** For anything that is not about one field of the form. */
  form: string | null;
}

/**
 * Splits a failed submit into messages next to the fields the backend named and one form-level message
 * for the rest (unknown paths, or an error without details).
 */
export function formErrorsFrom<F extends string>(e: unknown, locate: (path: string) => FieldLocation<F> | null, fallback: string): FormErrors<F> {
  if (!(e instanceof ApiError)) return { fields: {}, form: fallback };
  const fields: Partial<Record<F, string>> = {};
  const unplaced: string[] = [];
  for (const detail of e.details) {
    const at = locate(detail.path);
    if (!at) {
      unplaced.push(detail.path ? `${detail.path} ${detail.message}` : detail.message);
      continue;
    }
    const text = joinLabel(at.label, detail.message);
    fields[at.field] = fields[at.field] ? `${fields[at.field]}; ${text}` : text;
  }
  // With nothing placed, the backend's own message (which lists every problem) reads best.
  if (Object.keys(fields).length === 0) return { fields, form: e.message };
  return { fields, form: unplaced.length > 0 ? unplaced.join('; ') : null };
}

// Validation messages are mostly predicates ("must be a number", "is already used") that read on from the label;
// others are whole clauses ("no route named …", "a dataset run ends when …") and need a colon after it.
const PREDICATE = /^(is|are|must|should|needs|has|have|uses|each|was|cannot|does)\b/;

function joinLabel(label: string, message: string): string {
  return PREDICATE.test(message) ? `${label} ${message}` : `${label}: ${message}`;
}
