import { Column, CreateDateColumn, Entity, OneToMany, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { ProviderKind, Timeouts } from '../provider-adapter.js';
import { CatalogueModel } from './catalogue-model.entity.js';

@Entity({ name: 'provider_accounts' })
export class ProviderAccountEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** Clients address this account's models as `<name>/<model>`. */
  @Column({ type: 'text', unique: true })
  name: string;

  @Column({ type: 'text' })
  kind: ProviderKind;

  @Column({ name: 'base_url', type: 'text' })
  baseUrl: string;

  /** AES-256-GCM sealed (SecretsService), bound to the account id. Never returned by the API. */
  @Column({ name: 'api_key_sealed', type: 'text', nullable: true })
  apiKeySealed: string | null;

  @Column({ type: 'jsonb', default: {} })
  headers: Record<string, string>;

  @Column({ type: 'jsonb', default: {} })
  options: Record<string, unknown>;

  @Column({ type: 'jsonb' })
  timeouts: Timeouts;

  @OneToMany(() => CatalogueModel, (m) => m.account)
  models: CatalogueModel[];

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
