import { Column, CreateDateColumn, Entity, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { ProviderAccountEntity } from './provider-account.entity.js';

/** A model of an account with its prices per million tokens, context window and capabilities. */
@Entity({ name: 'models' })
export class CatalogueModel {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'account_id', type: 'uuid' })
  accountId: string;

  @ManyToOne(() => ProviderAccountEntity, (a) => a.models, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'account_id' })
  account: ProviderAccountEntity;

  /** The upstream's model id. */
  @Column({ type: 'text' })
  model: string;

  @Column({ name: 'input_price_per_m', type: 'numeric', nullable: true })
  inputPricePerM: string | null;

  @Column({ name: 'output_price_per_m', type: 'numeric', nullable: true })
  outputPricePerM: string | null;

  @Column({ name: 'context_window', type: 'integer', nullable: true })
  contextWindow: number | null;

  @Column({ type: 'jsonb', default: [] })
  capabilities: string[];

  @Column({ type: 'boolean', default: false })
  simulated: boolean;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
