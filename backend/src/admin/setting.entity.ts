import { Column, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/** Small process-wide values of record, such as the admin token's hash. */
@Entity({ name: 'settings' })
export class Setting {
  @PrimaryColumn({ type: 'text' })
  key: string;

  @Column({ type: 'jsonb' })
  value: unknown;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
