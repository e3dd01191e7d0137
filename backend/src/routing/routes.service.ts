import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { isDeepStrictEqual } from 'node:util';
import type { DataSource, EntityManager, Repository } from 'typeorm';
import { AppError } from '../common/errors/app-error.js';
import { validationError } from '../common/validation/validation.js';
import { CHANGE_BUS } from '../events/events.module.js';
import type { ChangeBus } from '../events/change-bus.js';
import { ProviderRuntime } from '../providers/accounts/provider-runtime.js';
import { type Change, diffJson } from './core/diff.js';
import { checkSpec, normalizeSpec, type RouteSpecInput } from './core/normalize.js';
import type { RouteSpec } from './core/route-spec.js';
import { routeHealth } from './health/route-health.js';
import type { RouteHealthDto } from './health/route-health.dto.js';
import { RouteEntity, RouteVersionEntity } from './route.entity.js';
import { RouteTable, ROUTES_TOPIC } from './route-table.js';

export interface RouteWithVersion {
  route: RouteEntity;
  current: RouteVersionEntity;
}

/** Who writes a version and why; `source` and `promotionId` say what made it (a promotion links its version). */
export interface VersionMeta {
  reason?: string;
  actor: string;
  baseVersion?: number;
  description?: string;
  source?: string;
  promotionId?: string;
}

/**
 * Routes and their immutable versions. Every change is a new version written in one transaction with the
 * route's pointer, then announced so every process reloads its route table.
 */
@Injectable()
export class RoutesService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @InjectRepository(RouteEntity) private readonly routes: Repository<RouteEntity>,
    @InjectRepository(RouteVersionEntity) private readonly versions: Repository<RouteVersionEntity>,
    private readonly runtime: ProviderRuntime,
    private readonly table: RouteTable,
    @Inject(CHANGE_BUS) private readonly bus: ChangeBus,
  ) {}

  /** Normalises and checks a spec; throws a 400 naming every problem. */
  validate(input: RouteSpecInput, path = ''): RouteSpec {
    const spec = normalizeSpec(input);
    const problems = checkSpec(spec, (m) => this.runtime.model(m) !== undefined, path);
    if (problems.length) throw validationError(problems);
    return spec;
  }

  async list(): Promise<RouteWithVersion[]> {
    const routes = await this.routes.find({ order: { alias: 'ASC' } });
    if (!routes.length) return [];
    const current = await this.versions.createQueryBuilder('v').innerJoin(RouteEntity, 'r', 'r.id = v.route_id AND r.current_version = v.version').getMany();
    const byRoute = new Map(current.map((v) => [v.routeId, v]));
    return routes.map((route) => ({ route, current: byRoute.get(route.id)! }));
  }

  async get(alias: string): Promise<RouteWithVersion> {
    const route = await this.find(alias);
    return { route, current: await this.version(route, route.currentVersion) };
  }

  async create(alias: string, input: RouteSpecInput, meta: { description?: string; reason?: string; actor: string }): Promise<RouteWithVersion> {
    const spec = this.validate(input);
    if (this.runtime.resolve(alias)) throw new AppError('routes/alias-taken', `${alias} is already a provider model name`, 409);
    const out = await this.db.transaction(async (m) => {
      if (await m.findOneBy(RouteEntity, { alias }))
        throw new AppError('routes/exists', `A route named ${alias} already exists; change it with PUT /api/routes/${alias}`, 409);
      const route = await m.save(m.create(RouteEntity, { alias, currentVersion: 1, description: meta.description ?? '' }));
      const current = await this.insertVersion(m, route, 1, spec, meta.actor, meta.reason ?? 'created', null);
      return { route, current };
    });
    await this.announce();
    return out;
  }

  /** A new version with `input` as content. Nothing is written when it equals the current content. */
  async update(alias: string, input: RouteSpecInput, meta: VersionMeta): Promise<RouteWithVersion & { changed: boolean }> {
    const spec = this.validate(input);
    return this.newVersion(alias, spec, meta, null);
  }

  /** Makes an old version's content current again, as a new version. */
  async rollback(alias: string, toVersion: number, meta: VersionMeta): Promise<RouteWithVersion & { changed: boolean }> {
    const route = await this.find(alias);
    const old = await this.version(route, toVersion);
    return this.newVersion(alias, old.spec, { ...meta, reason: meta.reason ?? `rollback to version ${toVersion}` }, toVersion);
  }

  async history(alias: string): Promise<RouteVersionEntity[]> {
    const route = await this.find(alias);
    return this.versions.find({ where: { routeId: route.id }, order: { version: 'DESC' } });
  }

  /** One version of a route; pass `m` to read inside a transaction (the embedded database has one connection). */
  async getVersion(alias: string, version: number, m?: EntityManager): Promise<RouteVersionEntity> {
    return this.version(await this.find(alias, m), version, m);
  }

  async diff(alias: string, from: number, to: number): Promise<Change[]> {
    const route = await this.find(alias);
    const [a, b] = await Promise.all([this.version(route, from), this.version(route, to)]);
    return diffJson(a.spec, b.spec);
  }

  /** The live view of a route in this process (latency, errors, breakers, recent decisions); no database read. */
  health(alias: string, limit: number): RouteHealthDto {
    const r = this.table.get(alias);
    if (!r) throw notFound(alias);
    return routeHealth(r, Date.now(), limit, (m) => this.runtime.model(m));
  }

  async remove(alias: string): Promise<void> {
    const route = await this.find(alias);
    await this.routes.delete({ id: route.id });
    await this.announce();
  }

  private async newVersion(alias: string, spec: RouteSpec, meta: VersionMeta, rollbackOf: number | null): Promise<RouteWithVersion & { changed: boolean }> {
    const out = await this.db.transaction((m) => this.writeVersion(m, alias, spec, meta, rollbackOf));
    if (out.changed) await this.announce();
    return out;
  }

  /**
   * Makes route `alias` hold `spec` inside the caller's transaction (config as code): creates it, writes a
   * new version, or leaves it as it is when nothing differs. The caller announces the change after commit.
   */
  async applyInTx(
    m: EntityManager,
    alias: string,
    spec: RouteSpec,
    meta: { description?: string; actor: string; reason: string },
  ): Promise<{ action: 'created' | 'updated' | 'unchanged'; version: number }> {
    if (!(await m.findOneBy(RouteEntity, { alias }))) {
      const route = await m.save(m.create(RouteEntity, { alias, currentVersion: 1, description: meta.description ?? '' }));
      await this.insertVersion(m, route, 1, spec, meta.actor, meta.reason, null, { source: 'config' });
      return { action: 'created', version: 1 };
    }
    const out = await this.writeVersion(m, alias, spec, { ...meta, source: 'config' }, null);
    return { action: out.changed ? 'updated' : 'unchanged', version: out.route.currentVersion };
  }

  /** A new version inside the caller's transaction (a promotion step); the caller announces after commit. */
  writeInTx(m: EntityManager, alias: string, input: RouteSpec, meta: VersionMeta): Promise<RouteWithVersion & { changed: boolean }> {
    return this.writeVersion(m, alias, this.validate(input), meta, null);
  }

  private async writeVersion(
    m: EntityManager,
    alias: string,
    spec: RouteSpec,
    meta: VersionMeta,
    rollbackOf: number | null,
  ): Promise<RouteWithVersion & { changed: boolean }> {
    const route = await m.getRepository(RouteEntity).createQueryBuilder('r').setLock('pessimistic_write').where('r.alias = :alias', { alias }).getOne();
    if (!route) throw notFound(alias);
    if (meta.baseVersion !== undefined && meta.baseVersion !== route.currentVersion) {
      throw new AppError(
        'routes/version-conflict',
        `${alias} is at version ${route.currentVersion}, not ${meta.baseVersion}: someone changed it meanwhile; reload and edit again`,
        409,
      );
    }
    const current = await m.findOneByOrFail(RouteVersionEntity, { routeId: route.id, version: route.currentVersion });
    const describe = meta.description !== undefined && meta.description !== route.description;
    if (isDeepStrictEqual(current.spec, spec) && !describe) return { route, current, changed: false };
    if (describe) route.description = meta.description!;
    if (isDeepStrictEqual(current.spec, spec)) {
      await m.save(route);
      return { route, current, changed: true };
    }
    route.currentVersion += 1;
    await m.save(route);
    const created = await this.insertVersion(m, route, route.currentVersion, spec, meta.actor, meta.reason ?? '', rollbackOf, meta);
    return { route, current: created, changed: true };
  }

  private insertVersion(
    m: EntityManager,
    route: RouteEntity,
    version: number,
    spec: RouteSpec,
    actor: string,
    reason: string,
    rollbackOf: number | null,
    origin: { source?: string; promotionId?: string } = {},
  ) {
    const { source = 'api', promotionId = null } = origin;
    return m.save(m.create(RouteVersionEntity, { routeId: route.id, version, spec, actor, reason, rollbackOf, source, promotionId }));
  }

  /** This process reloads now; the others hear it on the change bus (and re-check periodically anyway). */
  async announce(): Promise<void> {
    await this.table.reload();
    this.bus.publish(ROUTES_TOPIC);
  }

  private async find(alias: string, m?: EntityManager): Promise<RouteEntity> {
    const route = await (m ? m.getRepository(RouteEntity) : this.routes).findOneBy({ alias });
    if (!route) throw notFound(alias);
    return route;
  }

  private async version(route: RouteEntity, version: number, m?: EntityManager): Promise<RouteVersionEntity> {
    const v = await (m ? m.getRepository(RouteVersionEntity) : this.versions).findOneBy({ routeId: route.id, version });
    if (!v) throw new AppError('routes/version-not-found', `${route.alias} has no version ${version} (it is at version ${route.currentVersion})`, 404);
    return v;
  }
}

const notFound = (alias: string) => new AppError('routes/not-found', `No route named ${alias}`, 404);
