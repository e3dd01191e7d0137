import type { ExperimentKind, ExperimentStatus, PromotionStatus, VerdictKind } from '../../api/types';

type Tone = 'neutral' | 'success' | 'danger' | 'active' | 'warning';

export const STATUS_TONE: Record<ExperimentStatus, Tone> = {
  draft: 'neutral',
  running: 'active',
  paused: 'warning',
  completed: 'success',
  cancelled: 'neutral',
  failed: 'danger',
};

export const KIND_LABEL: Record<ExperimentKind, string> = {
  dataset: 'Dataset run',
  live: 'Live split',
  shadow: 'Shadow',
};

export const VERDICT_TONE: Record<VerdictKind, Tone> = {
  better: 'success',
  worse: 'danger',
  'non-inferior and cheaper': 'success',
  inconclusive: 'neutral',
};

export const PROMOTION_TONE: Record<PromotionStatus, Tone> = {
  ramping: 'active',
  paused: 'warning',
  completed: 'success',
  rolled_back: 'danger',
  cancelled: 'neutral',
};

export const isActive = (s: ExperimentStatus) => s === 'running' || s === 'paused';
