import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { RouteSpec } from './core/route-spec.js';

/** A route alias; its content lives in immutable {@link RouteVersionEntity} rows. */
@Entity({ name: 'routes' })
export class RouteEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ type: 'text', unique: true }) alias: string;
  @Column({ name: 'current_version', type: 'integer' }) currentVersion: number;
  @Column({ type: 'text', default: '' }) description: string;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
}

/** One immutable version of a route: who made it, why, and (for a rollback) which version it restored. */
@Entity({ name: 'route_versions' })
export class RouteVersionEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ name: 'route_id', type: 'uuid' }) routeId: string;
  @Column({ type: 'integer' }) version: number;
  @Column({ type: 'jsonb' }) spec: RouteSpec;
  @Column({ type: 'text' }) actor: string;
  @Column({ type: 'text', default: '' }) reason: string;
  @Column({ name: 'rollback_of', type: 'integer', nullable: true }) rollbackOf: number | null;
  /** What made the version: `api`, `config`, `console` or `promotion`. */
  @Column({ type: 'text', default: 'api' }) source: string;
  /** The promotion (and through it the experiment) that wrote this version. */
  @Column({ name: 'promotion_id', type: 'uuid', nullable: true }) promotionId: string | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
}
