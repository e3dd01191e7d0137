import type { FromTrafficBody } from '../../api/types';
import type { FieldLocation } from '../../utils/field-errors';
import { fromLocalInput, toLocalInput } from '../../utils/local-time';
import { datasetNameError } from './dataset-name';

export const MAX_LIMIT = 100_000;
const WEEK = 7 * 86_400_000;

/** The form as typed: times are `datetime-local` values (local time); the limit is the number box's value (Vue gives a number once typed in). */
export interface TrafficForm {
  name: string;
  /** '' for every route. */
  route: string;
  from: string;
  /** '' for now. */
  to: string;
  status: 'ok' | 'error';
  limit: string | number;
  keepExpected: boolean;
}
export type TrafficField = 'name' | 'route' | 'from' | 'to' | 'status' | 'limit' | 'keepExpected';

/** A week back from `now` (the server's own default), answered requests, up to 1,000. */
export function defaultTrafficForm(now: number): TrafficForm {
  return { name: '', route: '', from: toLocalInput(new Date(now - WEEK).toISOString()), to: '', status: 'ok', limit: '1000', keepExpected: true };
}

/**
 * Checks the form before it is sent (the server checks again): every problem next to its field, or the
 * request body. `now` stands for an empty "until".
 */
export function checkTrafficForm(
  f: TrafficForm,
  now: number,
): { ok: true; body: FromTrafficBody } | { ok: false; errors: Partial<Record<TrafficField, string>> } {
  const errors: Partial<Record<TrafficField, string>> = {};
  if (!f.name.trim()) errors.name = 'Name the dataset that gets the new version';
  else {
    const bad = datasetNameError(f.name.trim());
    if (bad) errors.name = bad;
  }
  const from = f.from ? fromLocalInput(f.from) : '';
  const to = f.to ? fromLocalInput(f.to) : '';
  if (f.from && !from) errors.from = 'Enter a date and time';
  if (f.to && !to) errors.to = 'Enter a date and time';
  if (!errors.from && !errors.to && Date.parse(from || new Date(now - WEEK).toISOString()) >= (to ? Date.parse(to) : now)) {
    errors.to = to ? 'Must be after “From”' : '“From” is in the future: choose an earlier time';
  }
  const limit = Number(f.limit);
  if (!/^\d+$/.test(String(f.limit).trim()) || limit < 1 || limit > MAX_LIMIT) errors.limit = `A whole number from 1 to ${MAX_LIMIT.toLocaleString('en-US')}`;
  if (Object.keys(errors).length) return { ok: false, errors };

  const body: FromTrafficBody = { status: f.status, limit, expectedFromResponse: f.keepExpected };
  if (f.route) body.route = f.route;
  if (from) body.from = from;
  if (to) body.to = to;
  return { ok: true, body };
}

const LABELS: Record<TrafficField, string> = {
  name: 'Dataset',
  route: 'Route',
  from: 'From',
  to: 'Until',
  status: 'Status',
  limit: 'Limit',
  keepExpected: 'Expected answers',
};
const BY_PATH = new Map<string, TrafficField>([
  ...(Object.keys(LABELS) as TrafficField[]).map((f) => [f, f] as const),
  ['expectedFromResponse', 'keepExpected'],
]);

/** Where an error the server names by body path (or the dataset's `name`) belongs in the form. */
export function locateTrafficError(path: string): FieldLocation<TrafficField> | null {
  const field = BY_PATH.get(path);
  return field ? { field, label: LABELS[field] } : null;
}
