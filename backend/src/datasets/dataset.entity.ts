import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

@Entity({ name: 'datasets' })
export class DatasetEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ type: 'text', unique: true }) name: string;
  @Column({ type: 'text', default: '' }) description: string;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
}

/** One immutable upload of a dataset; experiments pin a version. Items live in `dataset_items`. */
@Entity({ name: 'dataset_versions' })
export class DatasetVersionEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ name: 'dataset_id', type: 'uuid' }) datasetId: string;
  @Column({ type: 'integer' }) version: number;
  @Column({ type: 'text' }) format: string;
  /** Where the items came from: a file name, `traffic`, `bundled`. */
  @Column({ type: 'text', default: '' }) source: string;
  @Column({ type: 'integer' }) rows: number;
  /** Invalid records left out (only with skip_invalid). */
  @Column({ type: 'integer', default: 0 }) skipped: number;
  @Column({ type: 'jsonb' }) fields: { input: Record<string, number>; metadata: Record<string, number>; withExpected: number };
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
}
