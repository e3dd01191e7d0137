import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

export type PromotionStatus = 'ramping' | 'paused' | 'completed' | 'rolled_back' | 'cancelled';

export interface PromotionSettings {
  minSeconds: number;
  minRequests: number;
  checkEverySeconds: number;
  maxErrorRateIncrease: number;
  maxLatencyIncrease: number;
  minSamples: number;
  /** Largest allowed drop of the mean feedback on `feedbackMetric` (thumbs: 1 up, 0 down). */
  maxFeedbackDrop?: number;
  feedbackMetric?: string;
  /** The old targets' figures over the hour before the promotion, used when no old traffic is left (at 100%). */
  baseline: { attempts: number; failures: number; answered: number; p95: number | null; feedback?: { n: number; mean: number } };
}

export interface PromotionEvent {
  at: string;
  event: 'started' | 'advanced' | 'checked' | 'paused' | 'resumed' | 'completed' | 'rolled_back' | 'cancelled';
  step: number;
  share: number;
  routeVersion?: number;
  actor: string;
  reason: string;
}

/** Moving a route's traffic to a model, step by step, with guardrail checks and automatic rollback. */
@Entity({ name: 'promotions' })
export class PromotionEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ name: 'experiment_id', type: 'uuid', nullable: true }) experimentId: string | null;
  @Column({ type: 'text' }) route: string;
  @Column({ type: 'text' }) variant: string;
  @Column({ type: 'text' }) model: string;
  @Column({ type: 'text' }) status: PromotionStatus;
  /** Shares in percent, the last one 100. */
  @Column({ type: 'jsonb' }) steps: number[];
  /** Index into `steps` of the step in force. */
  @Column({ type: 'integer', default: 0 }) step: number;
  @Column({ name: 'step_started_at', type: 'timestamptz', nullable: true }) stepStartedAt: Date | null;
  /** The route version before the promotion: what a rollback restores. */
  @Column({ name: 'base_version', type: 'integer' }) baseVersion: number;
  @Column({ type: 'jsonb' }) guardrails: PromotionSettings;
  @Column({ type: 'jsonb', default: () => "'[]'" }) history: PromotionEvent[];
  @Column({ type: 'text', default: '' }) reason: string;
  @Column({ type: 'text' }) actor: string;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
}
