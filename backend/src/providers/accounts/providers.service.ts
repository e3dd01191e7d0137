import { Injectable } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import type { DataSource, Repository } from 'typeorm';
import { AppError } from '../../common/errors/app-error.js';
import { SecretsService } from '../../secrets/secrets.service.js';
import { DEFAULT_BASE_URLS, KNOWN_MODELS } from '../catalogue/known-models.js';
import { adapterFor } from '../registry.js';
import { ProviderError } from '../provider-error.js';
import { SIMULATED_MODELS } from '../simulator/simulator.profiles.js';
import { CatalogueModel } from './catalogue-model.entity.js';
import { ProviderAccountEntity } from './provider-account.entity.js';
import { toModelDto } from './model-view.js';
import type { ConnectionTestDto, CreateProviderDto, ModelInputDto, ProviderDto } from './provider.dto.js';
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
    await this.db.transaction(async (m) => {
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
      const models = dto.models ?? defaultModels(dto.kind);
      if (models.length > 0) {
        await m.insert(
          CatalogueModel,
          models.map((x) => ({
            accountId: id,
            model: x.model,
            inputPricePerM: x.inputPricePerM === undefined ? null : String(x.inputPricePerM),
            outputPricePerM: x.outputPricePerM === undefined ? null : String(x.outputPricePerM),
            contextWindow: x.contextWindow ?? null,
            capabilities: x.capabilities ?? ['chat'],
            simulated: dto.kind === 'simulator',
          })),
        );
      }
    });
    await this.runtime.reload();
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

  async remove(id: string): Promise<void> {
    const res = await this.accounts.delete({ id });
    if (!res.affected) throw new AppError('providers/not-found', `No provider with id ${id}`, 404);
    await this.runtime.reload();
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
