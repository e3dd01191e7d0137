// Promotions of winners into routes (`/api/promotions`).

/** `POST /api/promotions` */
export interface CreatePromotionRequest {
  route: string;
  experiment?: string;
  variant?: string;
  model?: string;
  mode?: 'ramp' | 'immediate';
  steps?: number[];
  minSeconds?: number;
  minRequests?: number;
  checkEverySeconds?: number;
  maxErrorRateIncrease?: number;
  maxLatencyIncrease?: number;
  maxFeedbackDrop?: number;
  reason?: string;
}

export type PromotionStatus = 'ramping' | 'paused' | 'completed' | 'rolled_back' | 'cancelled';

export interface PromotionEventDto {
  at: string;
  event: 'started' | 'advanced' | 'checked' | 'paused' | 'resumed' | 'completed' | 'rolled_back' | 'cancelled';
  step: number;
  share: number;
  routeVersion?: number;
  actor: string;
  reason: string;
}

/** A side of a ramp's guardrail comparison over a window of the request log. */
export interface PromotionWindow {
  attempts: number;
  failures: number;
  answered: number;
  p95: number | null;
  feedback?: { n: number; mean: number };
}

export interface PromotionGuardrails {
  minSeconds: number;
  minRequests: number;
  checkEverySeconds: number;
  maxErrorRateIncrease: number;
  maxLatencyIncrease: number;
  minSamples: number;
  maxFeedbackDrop?: number;
  feedbackMetric?: string;
  /** The old targets over the hour before the promotion. */
  baseline: PromotionWindow;
}

/** `GET /api/promotions/:id` */
export interface PromotionDto {
  id: string;
  experimentId: string | null;
  route: string;
  variant: string;
  model: string;
  status: PromotionStatus;
  steps: number[];
  step: number;
  /** Percent of the route's traffic the promoted model has now. */
  share: number;
  stepStartedAt: string | null;
  baseVersion: number;
  guardrails: PromotionGuardrails;
  history: PromotionEventDto[];
  reason: string;
  actor: string;
  createdAt: string;
}
