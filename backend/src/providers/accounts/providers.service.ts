import { Injectable } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import type { DataSource, EntityManager, Repository } from 'typeorm';
import { AppError } from '../../common/errors/app-error.js';
import { SecretsService } from '../../secrets/secrets.service.js';
import { DEFAULT_BASE_URLS, KNOWN_MODELS } from '../catalogue/known-models.js';
import { adapterFor } from '../registry.js';
import { ProviderError } from '../provider-error.js';
import { SIMULATED_MODELS } from '../simulator/simulator.profiles.js';
import { CatalogueModel } from './catalogue-model.entity.js';
import { ProviderAccountEntity } from './provider-account.entity.js';
import { toModelDto } from './model-view.js';
import type { ConnectionTestDto, CreateProviderDto, ModelInputDto, ProviderDto, UpdateProviderDto } from './provider.dto.js';
import { ProviderRuntime } from './provider-runtime.js';

const DEFAULT_TIMEOUTS = { connectMs: 5_000, firstByteMs: 60_000, totalMs: 300_000 };

function defaultModels(kind: CreateProviderDto['kind']): ModelInputDto[] {
  if (kind === 'simulator') {
    return SIMULATED_MODELS.map((p) => ({
      model: p.id,
      inputPricePerM: p.pricePerMillion.input,
      outputPricePerM: p.pricePerMillion.output,
      contextWindow: p.contextWindow,
      capabilities: ['chat', 'tools', 'json', 'embeddings'],
    }));
  }
  return (KNOWN_MODELS[kind] ?? []).map((k) => ({
    model: k.model,
    inputPricePerM: k.input,
    outputPricePerM: k.output,
    contextWindow: k.contextWindow,
    capabilities: k.capabilities,
  }));
}

function modelRows(accountId: string, kind: CreateProviderDto['kind'], models: ModelInputDto[]) {
  return models.map((x) => ({
    accountId,
    model: x.model,
    inputPricePerM: x.inputPricePerM === undefined ? null : String(x.inputPricePerM),
    outputPricePerM: x.outputPricePerM === undefined ? null : String(x.outputPricePerM),
    contextWindow: x.contextWindow ?? null,
    capabilities: x.capabilities ?? ['chat'],
    simulated: kind === 'simulator',
  }));
}

/** Provider accounts and their catalogue models: create, list, delete, test. */
@Injectable()
export class ProvidersService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @InjectRepository(ProviderAccountEntity) private readonly accounts: Repository<ProviderAccountEntity>,
    private readonly secrets: SecretsService,
    private readonly runtime: ProviderRuntime,
  ) {}

  async create(dto: CreateProviderDto): Promise<ProviderDto> {
    if (await this.accounts.existsBy({ name: dto.name })) {
      throw new AppError('providers/name-taken', `A provider named "${dto.name}" already exists`, 409, [{ path: 'name', message: 'is already used' }]);
    }
    const id = randomUUID();
    await this.db.transaction((m) => this.insertAccount(m, id, dto));
    await this.runtime.changed();
    return this.get(id);
  }

  async list(): Promise<ProviderDto[]> {
    const rows = await this.accounts.find({ relations: { models: true }, order: { createdAt: 'ASC' } });
    return rows.map((r) => this.toDto(r));
  }

  async get(id: string): Promise<ProviderDto> {
    const row = await this.accounts.findOne({ where: { id }, relations: { models: true } });
    if (!row) throw new AppError('providers/not-found', `No provider with id ${id}`, 404);
    return this.toDto(row);
  }

  /** Changes an account in one transaction (key rotation, options, models) and reloads the runtime. */
  async update(id: string, dto: UpdateProviderDto): Promise<ProviderDto> {
    await this.db.transaction(async (m) => {
      const row = await m.findOneBy(ProviderAccountEntity, { id });
      if (!row) throw new AppError('providers/not-found', `No provider with id ${id}`, 404);
      await this.applyInTx(m, {
        name: row.name,
        kind: row.kind,
        baseUrl: dto.baseUrl ?? row.baseUrl,
        apiKey: dto.apiKey,
        headers: dto.headers ?? row.headers,
        options: dto.options ?? row.options,
        timeouts: { ...row.timeouts, ...dto.timeouts },
        models: dto.models,
      });
    });
    await this.runtime.changed();
    return this.get(id);
  }

  async remove(id: string): Promise<void> {
    const res = await this.accounts.delete({ id });
    if (!res.affected) throw new AppError('providers/not-found', `No provider with id ${id}`, 404);
    await this.runtime.changed();
  }

  /** Sends a one-token chat to the account's first chat model and reports what happened. */
  async test(id: string): Promise<ConnectionTestDto> {
    const p = await this.get(id);
    const model = p.models.find((m) => m.capabilities.includes('chat'))?.model ?? p.models[0]?.model;
    if (!model) throw new AppError('providers/no-models', 'This provider has no models to test with', 400);
    const resolved = this.runtime.resolve(`${p.name}/${model}`)!;
    const started = performance.now();
    try {
      await adapterFor(p.kind).chat({ model, messages: [{ role: 'user', content: 'ping' }], max_tokens: 1 }, resolved.target, AbortSignal.timeout(30_000));
      return { ok: true, model, latencyMs: Math.round(performance.now() - started) };
    } catch (err) {
      const e = err instanceof ProviderError ? err : new ProviderError('network', err instanceof Error ? err.message : String(err));
      return { ok: false, model, latencyMs: Math.round(performance.now() - started), errorKind: e.kind, message: e.message };
    }
  }

  /**
   * Makes the account named `dto.name` match `dto` inside the caller's transaction (config as code):
   * creates it, or updates what differs. Models are replaced only when `dto.models` is given.
   */
  async applyInTx(m: EntityManager, dto: CreateProviderDto): Promise<'created' | 'updated' | 'unchanged'> {
    const row = await m.findOne(ProviderAccountEntity, { where: { name: dto.name }, relations: { models: true } });
    if (!row) {
      await this.insertAccount(m, randomUUID(), dto);
      return 'created';
    }
    const wanted = {
      kind: dto.kind,
      baseUrl: (dto.baseUrl ?? DEFAULT_BASE_URLS[dto.kind]).replace(/\/+$/, ''),
      headers: dto.headers ?? {},
      options: (dto.options ?? {}) as Record<string, unknown>,
      timeouts: { ...DEFAULT_TIMEOUTS, ...dto.timeouts },
    };
    let changed = false;
    for (const [k, v] of Object.entries(wanted) as Array<[keyof typeof wanted, unknown]>) {
      if (!isDeepStrictEqual(row[k], v)) {
        (row as unknown as Record<string, unknown>)[k] = v;
        changed = true;
      }
    }
    if (dto.apiKey !== undefined && this.currentKey(row) !== dto.apiKey) {
      row.apiKeySealed = this.secrets.seal(dto.apiKey, row.id);
      changed = true;
    }
    if (dto.models) {
      const rows = modelRows(row.id, dto.kind, dto.models);
      const key = (x: Pick<CatalogueModel, 'model' | 'inputPricePerM' | 'outputPricePerM' | 'contextWindow' | 'capabilities'>) =>
        JSON.stringify([
          x.model,
          x.inputPricePerM === null ? null : Number(x.inputPricePerM),
          x.outputPricePerM === null ? null : Number(x.outputPricePerM),
          x.contextWindow,
          x.capabilities,
        ]);
      if (!isDeepStrictEqual(rows.map(key).sort(), row.models.map(key).sort())) {
        await m.delete(CatalogueModel, { accountId: row.id });
        if (rows.length) await m.insert(CatalogueModel, rows);
        changed = true;
      }
    }
    if (changed) {
      const { models: _models, ...columns } = row;
      await m.save(ProviderAccountEntity, { ...columns, updatedAt: new Date() });
    }
    return changed ? 'updated' : 'unchanged';
  }

  private currentKey(row: ProviderAccountEntity): string | undefined {
    if (!row.apiKeySealed) return undefined;
    try {
      return this.secrets.open(row.apiKeySealed, row.id);
    } catch {
      return undefined;
    }
  }

  private async insertAccount(m: EntityManager, id: string, dto: CreateProviderDto): Promise<void> {
    await m.insert(ProviderAccountEntity, {
      id,
      name: dto.name,
      kind: dto.kind,
      baseUrl: (dto.baseUrl ?? DEFAULT_BASE_URLS[dto.kind]).replace(/\/+$/, ''),
      apiKeySealed: dto.apiKey ? this.secrets.seal(dto.apiKey, id) : null,
      headers: dto.headers ?? {},
      options: (dto.options ?? {}) as never,
      timeouts: { ...DEFAULT_TIMEOUTS, ...dto.timeouts },
    });
    const rows = modelRows(id, dto.kind, dto.models ?? defaultModels(dto.kind));
    if (rows.length > 0) await m.insert(CatalogueModel, rows);
  }

  private toDto(r: ProviderAccountEntity): ProviderDto {
    return {
      id: r.id,
      name: r.name,
      kind: r.kind,
      baseUrl: r.baseUrl,
      hasApiKey: r.apiKeySealed !== null,
      headerNames: Object.keys(r.headers),
      options: r.options,
      timeouts: r.timeouts,
      models: (r.models ?? []).map((m) => toModelDto(r.name, m)),
      createdAt: r.createdAt.toISOString(),
    };
  }
}
