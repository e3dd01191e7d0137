import { AppError } from '../common/errors/app-error.js';
import { ProviderRuntime } from '../providers/accounts/provider-runtime.js';
import { CircuitBreaker } from './core/breaker.js';
import { DecisionRing } from './core/decisions.js';
import type { RoutingHints } from './core/hints.js';
import { DEFAULT_BREAKER, DEFAULT_CAPTURE, DEFAULT_FALLBACK, type RouteSpec } from './core/route-spec.js';
import { TargetStats, TokenAverages } from './core/target-stats.js';
import { RouteResolver } from './route-resolver.js';
import type { CompiledRoute, RouteTable } from './route-table.js';

const MODELS = {
  'p/cheap': { in: 0.1, out: 0.2, caps: ['chat'] },
  'p/mid': { in: 1, out: 2, caps: ['chat', 'tools'] },
  'p/pricey': { in: 5, out: 15, caps: ['chat', 'tools'] },
} as const;

function setup(spec: Partial<RouteSpec>) {
  const full: RouteSpec = { targets: [], fallback: DEFAULT_FALLBACK, breaker: DEFAULT_BREAKER, sticky: 'user', capture: DEFAULT_CAPTURE, ...spec };
  const compile = (model: string, weight: number) => ({
    id: model,
    weight,
    breaker: new CircuitBreaker(DEFAULT_BREAKER),
    breakerKey: `r\u0000${model}`,
    stats: new TargetStats(),
  });
  const targets = full.targets.map((t) => compile(t.model, t.weight));
  const route: CompiledRoute = {
    alias: 'r',
    version: 1,
    spec: full,
    targets,
    redact: [],
    state: { tokens: new TokenAverages(), decisions: new DecisionRing() },
    downgrade: full.downgrade ? (targets.find((t) => t.id === full.downgrade!.model) ?? compile(full.downgrade.model, 0)) : undefined,
  };
  const runtime = Object.create(ProviderRuntime.prototype) as ProviderRuntime;
  const models = new Map(
    Object.entries(MODELS).map(([id, m]) => [
      id,
      { id, provider: 'p', model: id.slice(2), inputPricePerM: m.in, outputPricePerM: m.out, contextWindow: 1000, capabilities: [...m.caps], simulated: true },
    ]),
  );
  Object.assign(runtime, { snapshot: { accounts: new Map([['p', { name: 'p', kind: 'simulator' }]]), models, resolved: new Map() } });
  const table = { get: (a: string) => (a === 'r' ? route : undefined) } as unknown as RouteTable;
  return { sut: new RouteResolver(runtime, table), route, runtime };
}

const chat = { messages: [{ role: 'user' as const, content: 'hello' }] };
const all = [
  { model: 'p/pricey', weight: 0 },
  { model: 'p/cheap', weight: 0 },
  { model: 'p/mid', weight: 0 },
];

describe('RouteResolver', () => {
  it('reuses a target candidate across plans until the provider snapshot changes', () => {
    const { sut, runtime } = setup({ targets: all, strategy: 'cheapest' });
    const first = sut.plan('r', { chat }).order;
    const again = sut.plan('r', { chat }).order;
    expect(again.map((c) => c.label)).toEqual(first.map((c) => c.label));
    again.forEach((c, i) => expect(c).toBe(first[i]));
    expect(Object.isFrozen(first[0].target)).toBe(true);
    // A reload replaces the snapshot: the next plan resolves the targets again and makes new candidates.
    const s = (runtime as unknown as { snapshot: { accounts: Map<string, unknown>; models: Map<string, unknown> } }).snapshot;
    Object.assign(runtime, { snapshot: { accounts: new Map(s.accounts), models: s.models, resolved: new Map() } });
    const fresh = sut.plan('r', { chat }).order;
    expect(fresh[0]).not.toBe(first[0]);
    expect(fresh[0]).toEqual(first[0]);
  });

  it('orders a cheapest route by price and records the decision', () => {
    const { sut, route } = setup({ targets: all, strategy: 'cheapest' });
    const plan = sut.plan('r', { chat });
    expect(plan.order.map((c) => c.label)).toEqual(['p/cheap', 'p/mid', 'p/pricey']);
    expect(route.state.decisions.recent()[0]).toMatchObject({ strategy: 'cheapest', source: 'route', order: ['p/cheap', 'p/mid', 'p/pricey'] });
  });

  it('a hint overrides the route strategy', () => {
    const { sut } = setup({
      targets: [
        { model: 'p/pricey', weight: 100 },
        { model: 'p/cheap', weight: 0 },
      ],
    });
    expect(sut.plan('r', { chat }).order[0].label).toBe('p/pricey');
    const hints: RoutingHints = {};
    expect(sut.routeModel('r:cheapest', hints)).toBe('r');
    expect(sut.plan('r', { chat, hints }).order[0].label).toBe('p/cheap');
    expect(() => sut.routeModel('r:priciest', {})).toThrow(AppError);
    expect(sut.routeModel('other:cheapest', {})).toBe('other:cheapest');
  });

  it('skips targets that lack a capability, and refuses when none is left', () => {
    const { sut } = setup({ targets: all, strategy: 'cheapest' });
    const tools = { ...chat, tools: [{ type: 'function' }] };
    const plan = sut.plan('r', { chat: tools });
    expect(plan.order.map((c) => c.label)).toEqual(['p/mid', 'p/pricey']);
    expect(plan.skipped).toEqual([{ target: 'p/cheap', reason: 'no tools support' }]);
    const only = setup({ targets: [{ model: 'p/cheap', weight: 100 }] }).sut;
    expect(() => only.plan('r', { chat: tools })).toThrow(expect.objectContaining({ code: 'routing/no-capable-target', status: 400 }));
  });

  it('downgrades exactly from the threshold of the key budget or the route budget', () => {
    const { sut } = setup({ targets: [{ model: 'p/pricey', weight: 100 }], downgrade: { model: 'p/cheap', threshold: 0.8, routeDailyBudgetUsd: 10 } });
    const first = (budget: object) => sut.plan('r', { chat, budget }).order.map((c) => c.label);
    expect(first({ keySpentUsd: 0.79, keyBudgetUsd: 1 })).toEqual(['p/pricey']);
    expect(first({ keySpentUsd: 0.8, keyBudgetUsd: 1 })).toEqual(['p/cheap', 'p/pricey']);
    expect(first({ keySpentUsd: 5, keyBudgetUsd: null, routeSpentUsd: 7.99 })).toEqual(['p/pricey']);
    expect(first({ routeSpentUsd: 8 })).toEqual(['p/cheap', 'p/pricey']);
  });

  it('does not downgrade to a target that cannot serve the request, and says so', () => {
    const { sut } = setup({ targets: [{ model: 'p/pricey', weight: 100 }], downgrade: { model: 'p/cheap', threshold: 0.5 } });
    const plan = sut.plan('r', { chat: { ...chat, tools: [{}] }, budget: { keySpentUsd: 1, keyBudgetUsd: 1 } });
    expect(plan.order.map((c) => c.label)).toEqual(['p/pricey']);
    expect(plan.skipped).toEqual([{ target: 'p/cheap', reason: 'downgrade target: no tools support' }]);
  });
});
