import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { ExperimentKind, ExperimentSpec, ExperimentStatus } from './core/experiment-spec.js';

/** An experiment's definition (graders copied in, dataset version pinned) and its lifecycle. */
@Entity({ name: 'experiments' })
export class ExperimentEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ type: 'text', unique: true }) name: string;
  @Column({ type: 'text', default: '' }) hypothesis: string;
  @Column({ type: 'text' }) kind: ExperimentKind;
  @Column({ type: 'text' }) status: ExperimentStatus;
  @Column({ type: 'jsonb' }) spec: ExperimentSpec;
  @Column({ name: 'dataset_version_id', type: 'uuid', nullable: true }) datasetVersionId: string | null;
  /** Results a dataset run will have when done: items × variants. */
  @Column({ type: 'integer', default: 0 }) total: number;
  /** Results stored so far (dataset runs): kept by the chunk transactions alone, never written from an entity. */
  @Column({ type: 'integer', default: 0, insert: false, update: false }) done: number;
  @Column({ type: 'text', nullable: true }) error: string | null;
  @Column({ type: 'text' }) actor: string;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
  @Column({ name: 'started_at', type: 'timestamptz', nullable: true }) startedAt: Date | null;
  @Column({ name: 'finished_at', type: 'timestamptz', nullable: true }) finishedAt: Date | null;
}
