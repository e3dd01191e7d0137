import type { CreateProviderRequest, ProviderKind } from '../../api/types';
import type { FieldLocation } from '../../utils/field-errors';

// Mirrors the backend's CreateProviderDto so most mistakes are caught before a round trip.
export const NAME_PATTERN = /^[a-z0-9][a-z0-9_-]{0,62}$/;
const MODEL_PATTERN = /^[\w.:@\-/]{1,200}$/;
const URL_PATTERN = /^https?:\/\/\S+$/;

export type ProviderField = 'name' | 'kind' | 'baseUrl' | 'apiKey' | 'models';

export interface ProviderFormValues {
  name: string;
  kind: ProviderKind;
  baseUrl: string;
  apiKey: string;
  models: string;
  /** The simulator takes no URL and no credential. */
  local: boolean;
}

interface ModelLine {
  model: string;
  /** 1-based line in the textarea, to point at it in messages. */
  line: number;
}

export function modelLines(text: string): ModelLine[] {
  return text
    .split(/\r?\n/)
    .map((raw, i) => ({ model: raw.trim(), line: i + 1 }))
    .filter((l) => l.model.length > 0);
}

export function validateProviderForm(v: ProviderFormValues): Partial<Record<ProviderField, string>> {
  const errors: Partial<Record<ProviderField, string>> = {};
  const name = v.name.trim();
  if (!name) errors.name = 'Enter a name.';
  else if (!NAME_PATTERN.test(name)) {
    errors.name = 'Use 1–63 lowercase letters, digits, - or _, starting with a letter or digit.';
  }
  const url = v.baseUrl.trim();
  if (!v.local && url && !URL_PATTERN.test(url)) errors.baseUrl = 'Enter an http:// or https:// URL, or leave it empty.';

  const seen = new Set<string>();
  const problems: string[] = [];
  for (const { model, line } of modelLines(v.models)) {
    if (!MODEL_PATTERN.test(model)) problems.push(`line ${line} may only use letters, digits and . : @ - / _`);
    else if (seen.has(model)) problems.push(`line ${line} repeats ${model}`);
    seen.add(model);
  }
  if (problems.length > 0) errors.models = `Check the model list: ${problems.join('; ')}.`;
  return errors;
}

export function toCreateRequest(v: ProviderFormValues): CreateProviderRequest {
  const body: CreateProviderRequest = { name: v.name.trim(), kind: v.kind };
  if (!v.local) {
    if (v.baseUrl.trim()) body.baseUrl = v.baseUrl.trim();
    if (v.apiKey) body.apiKey = v.apiKey;
  }
  const models = modelLines(v.models);
  if (models.length > 0) body.models = models.map(({ model }) => ({ model }));
  return body;
}

const LABELS: Record<Exclude<ProviderField, 'models'>, string> = {
  name: 'Name',
  kind: 'Kind',
  baseUrl: 'Base URL',
  apiKey: 'API key',
};

/** Maps the backend's `details[].path` (`name`, `models[2].model`) to a form field, naming the textarea line. */
export function locateProviderField(path: string, modelsText: string): FieldLocation<ProviderField> | null {
  const model = /^models(?:\[(\d+)\])?/.exec(path);
  if (model) {
    const entry = model[1] === undefined ? undefined : modelLines(modelsText)[Number(model[1])];
    return { field: 'models', label: entry ? `Line ${entry.line} (${entry.model})` : 'Models' };
  }
  return path in LABELS ? { field: path as keyof typeof LABELS, label: LABELS[path as keyof typeof LABELS] } : null;
}
