import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

export const KEY_SCOPES = ['gateway', 'admin'] as const;
export type KeyScope = (typeof KEY_SCOPES)[number];

/** A gateway API key: only its SHA-256 hash and a visible prefix are stored. */
@Entity({ name: 'api_keys' })
export class ApiKey {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'text' })
  name: string;

  /** The first characters of the key, shown in lists so a user can tell keys apart. */
  @Column({ type: 'text' })
  prefix: string;

  @Column({ name: 'key_hash', type: 'text', unique: true })
  keyHash: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'revoked_at', type: 'timestamptz', nullable: true })
  revokedAt: Date | null;

  /** `gateway` (call /v1) and/or `admin` (call /api as an admin). */
  @Column({ type: 'jsonb', default: ['gateway'] })
  scopes: KeyScope[];

  /** Route aliases and models this key may use (`openai/*` matches a provider's models); null = all. */
  @Column({ name: 'allowed_models', type: 'jsonb', nullable: true })
  allowedModels: string[] | null;

  @Column({ name: 'requests_per_minute', type: 'integer', nullable: true })
  requestsPerMinute: number | null;

  @Column({ name: 'tokens_per_minute', type: 'integer', nullable: true })
  tokensPerMinute: number | null;

  @Column({ name: 'daily_budget_usd', type: 'numeric', nullable: true })
  dailyBudgetUsd: string | null;

  @Column({ name: 'monthly_budget_usd', type: 'numeric', nullable: true })
  monthlyBudgetUsd: string | null;
}
