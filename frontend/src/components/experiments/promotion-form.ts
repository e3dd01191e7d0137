import type { CreatePromotionRequest } from '../../api/types';
import type { FieldLocation } from '../../utils/field-errors';

export type PromotionField =
  | 'route'
  | 'variant'
  | 'mode'
  | 'steps'
  | 'minSeconds'
  | 'minRequests'
  | 'checkEverySeconds'
  | 'maxErrorRateIncrease'
  | 'maxLatencyIncrease'
  | 'maxFeedbackDrop'
  | 'reason';

export interface PromotionFormValues {
  route: string;
  mode: 'ramp' | 'immediate';
  /** "5, 25, 50, 100" */
  steps: string;
  minSeconds: number;
  minRequests: number;
  checkEverySeconds: number;
  /** Percent. */
  maxErrorRateIncrease: number;
  maxLatencyIncrease: number;
  /** Points of thumbs-up rate. */
  maxFeedbackDrop: number;
  reason: string;
}

export const newPromotionForm = (route: string): PromotionFormValues => ({
  route,
  mode: 'ramp',
  steps: '5, 25, 50, 100',
  minSeconds: 600,
  minRequests: 200,
  checkEverySeconds: 15,
  maxErrorRateIncrease: 50,
  maxLatencyIncrease: 50,
  maxFeedbackDrop: 10,
  reason: '',
});

export const parseSteps = (text: string) =>
  text
    .split(/[\s,]+/)
    .filter(Boolean)
    .map(Number);

export function validatePromotionForm(v: PromotionFormValues): Partial<Record<PromotionField, string>> {
  const errors: Partial<Record<PromotionField, string>> = {};
  if (!v.route) errors.route = 'Choose the route whose traffic moves.';
  if (v.mode === 'ramp') {
    const steps = parseSteps(v.steps);
    if (steps.some((s) => !Number.isInteger(s) || s < 1 || s > 100)) errors.steps = 'Use whole percents from 1 to 100, separated by commas.';
    else if (steps.some((s, i) => i > 0 && s <= steps[i - 1]!) || steps[steps.length - 1] !== 100) errors.steps = 'Steps must increase and end at 100.';
  }
  return errors;
}

export function toPromotionRequest(v: PromotionFormValues, experiment: string, variant: string): CreatePromotionRequest {
  const body: CreatePromotionRequest = { route: v.route, experiment, variant, mode: v.mode };
  if (v.mode === 'ramp') {
    Object.assign(body, {
      steps: parseSteps(v.steps),
      minSeconds: Number(v.minSeconds),
      minRequests: Number(v.minRequests),
      checkEverySeconds: Number(v.checkEverySeconds),
      maxErrorRateIncrease: Number(v.maxErrorRateIncrease) / 100,
      maxLatencyIncrease: Number(v.maxLatencyIncrease) / 100,
      maxFeedbackDrop: Number(v.maxFeedbackDrop) / 100,
    });
  }
  if (v.reason.trim()) body.reason = v.reason.trim();
  return body;
}

const LABELS: Record<PromotionField, string> = {
  route: 'Route',
  variant: 'Variant',
  mode: 'Mode',
  steps: 'Steps',
  minSeconds: 'Least time per step',
  minRequests: 'Least requests per step',
  checkEverySeconds: 'Check interval',
  maxErrorRateIncrease: 'Error-rate limit',
  maxLatencyIncrease: 'Latency limit',
  maxFeedbackDrop: 'Feedback limit',
  reason: 'Reason',
};

/** Maps the backend's `details[].path` (`steps[2]`, `route`, `model`) to the ramp form's field. */
export function locatePromotionField(path: string): FieldLocation<PromotionField> | null {
  const root = path.replace(/\[\d+\].*$/, '').split('.')[0]!;
  const field = (root === 'model' || root === 'experiment' ? 'variant' : root) as PromotionField;
  return field in LABELS ? { field, label: LABELS[field] } : null;
}
