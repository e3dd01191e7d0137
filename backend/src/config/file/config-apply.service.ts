import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { stringify } from 'yaml';
import type { DataSource } from 'typeorm';
import { AppError, type ErrorDetail } from '../../common/errors/app-error.js';
import { ProviderRuntime } from '../../providers/accounts/provider-runtime.js';
import { ProvidersService } from '../../providers/accounts/providers.service.js';
import { KNOWN_MODELS } from '../../providers/catalogue/known-models.js';
import { SIMULATED_MODELS } from '../../providers/simulator/simulator.profiles.js';
import { checkSpec, normalizeSpec } from '../../routing/core/normalize.js';
import type { RouteSpec } from '../../routing/core/route-spec.js';
import { RoutesService } from '../../routing/routes.service.js';
import type { ConfigChangeDto, ConfigFileDto } from './config-file.dto.js';
import { type Locate, parseConfigFile, withLines } from './parse-config-file.js';

class DryRun extends Error {}

function invalid(problems: ErrorDetail[], source: string): AppError {
  const summary = problems
    .slice(0, 5)
    .map((p) => `${p.path}: ${p.message}`)
    .join('; ');
  return new AppError(
    'config/invalid',
    `${source} is invalid, nothing was changed: ${summary}${problems.length > 5 ? ` (and ${problems.length - 5} more)` : ''}`,
    400,
    problems,
  );
}

/** Models a provider entry brings into the catalogue (its list, or its kind's defaults when new). */
function declaredModels(p: NonNullable<ConfigFileDto['providers']>[number]): string[] {
  if (p.models) return p.models.map((m) => `${p.name}/${m.model}`);
  if (p.kind === 'simulator') return SIMULATED_MODELS.map((m) => `${p.name}/${m.id}`);
  return (KNOWN_MODELS[p.kind] ?? []).map((m) => `${p.name}/${m.model}`);
}

/**
 * Config as code: applies a switchyard.yaml as a whole. Everything is checked first (fields, duplicate
 * names, weights, models that exist in the catalogue or in the same file); then providers and routes are
 * written in one transaction, so a file with any problem changes nothing. Applying the same file twice
 * changes nothing the second time.
 */
@Injectable()
export class ConfigApplyService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly providers: ProvidersService,
    private readonly routes: RoutesService,
    private readonly runtime: ProviderRuntime,
  ) {}

  async applyText(text: string, opts: { dryRun?: boolean; actor: string; source?: string }): Promise<ConfigChangeDto[]> {
    const r = parseConfigFile(text);
    if (!r.ok) throw invalid(r.problems, opts.source ?? 'the config');
    return this.apply(r.value, { ...opts, locate: r.locate });
  }

  async apply(file: ConfigFileDto, opts: { dryRun?: boolean; actor: string; source?: string; locate?: Locate }): Promise<ConfigChangeDto[]> {
    const source = opts.source ?? 'the config';
    const problems: ErrorDetail[] = [];
    const models = new Set(this.runtime.catalogue().map((m) => m.id));
    const names = new Set<string>();
    (file.providers ?? []).forEach((p, i) => {
      if (names.has(p.name)) problems.push({ path: `providers[${i}].name`, message: `${p.name} is declared twice` });
      names.add(p.name);
      for (const m of declaredModels(p)) models.add(m);
    });
    const specs: Array<{ alias: string; description?: string; spec: RouteSpec }> = [];
    const aliases = new Set<string>();
    (file.routes ?? []).forEach((r, i) => {
      if (aliases.has(r.alias)) problems.push({ path: `routes[${i}].alias`, message: `${r.alias} is declared twice` });
      aliases.add(r.alias);
      const spec = normalizeSpec(r);
      problems.push(...checkSpec(spec, (m) => models.has(m), `routes[${i}]`));
      specs.push({ alias: r.alias, description: r.description, spec });
    });
    if (problems.length) throw invalid(opts.locate ? withLines(problems, opts.locate) : problems, source);

    const changes: ConfigChangeDto[] = [];
    try {
      await this.db.transaction(async (m) => {
        for (const p of file.providers ?? []) changes.push({ kind: 'provider', name: p.name, action: await this.providers.applyInTx(m, p) });
        for (const r of specs) {
          const out = await this.routes.applyInTx(m, r.alias, r.spec, { description: r.description, actor: opts.actor, reason: `applied from ${source}` });
          changes.push({ kind: 'route', name: r.alias, ...out });
        }
        if (opts.dryRun) throw new DryRun();
      });
    } catch (err) {
      if (!(err instanceof DryRun)) throw err;
      return changes;
    }
    if (changes.some((c) => c.action !== 'unchanged')) {
      await this.runtime.changed();
      await this.routes.announce();
    }
    return changes;
  }

  /** The live providers, models and routes in switchyard.yaml form. Credentials become `${NAME_API_KEY}` references. */
  async exportYaml(): Promise<string> {
    const providers = await this.providers.list();
    const routes = await this.routes.list();
    const doc = {
      version: 1,
      providers: providers.map((p) => ({
        name: p.name,
        kind: p.kind,
        baseUrl: p.baseUrl,
        ...(p.hasApiKey ? { apiKey: `\${${p.name.toUpperCase().replace(/[^A-Z0-9]/g, '_')}_API_KEY}` } : {}),
        ...(p.headerNames.length ? { headers: Object.fromEntries(p.headerNames.map((h) => [h, `\${${h.toUpperCase().replace(/[^A-Z0-9]/g, '_')}}`])) } : {}),
        ...(Object.keys(p.options).length ? { options: p.options } : {}),
        timeouts: p.timeouts,
        models: p.models.map((m) => ({
          model: m.model,
          ...(m.inputPricePerM !== null ? { inputPricePerM: m.inputPricePerM } : {}),
          ...(m.outputPricePerM !== null ? { outputPricePerM: m.outputPricePerM } : {}),
          ...(m.contextWindow !== null ? { contextWindow: m.contextWindow } : {}),
          capabilities: m.capabilities,
        })),
      })),
      routes: routes.map(({ route, current }) => ({
        alias: route.alias,
        ...(route.description ? { description: route.description } : {}),
        ...normalizeSpec(current.spec),
      })),
    };
    return `# Exported from Switchyard ${new Date().toISOString()}. Secrets are \${ENV_VAR} references: set them before applying.\n${stringify(doc)}`;
  }
}
