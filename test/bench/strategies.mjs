// Routing strategy cost on one core: the built resolver (backend/dist) planning requests for a route of 10
// targets, in process, with a stub provider runtime (no I/O). Reports CPU µs per plan (process.cpuUsage over
// many plans, median of several rounds), per strategy, beside the weighted order alone as it was before
// strategies (targetOrder + resolving each target). The runtime is the real ProviderRuntime class with an
// in-memory snapshot (its resolve() is what a request runs), the route table a stub holding one route.
import { ProviderRuntime } from '../../backend/dist/providers/accounts/provider-runtime.js';
import { CircuitBreaker } from '../../backend/dist/routing/core/breaker.js';
import { DecisionRing } from '../../backend/dist/routing/core/decisions.js';
import { targetOrder } from '../../backend/dist/routing/core/plan.js';
import { DEFAULT_BREAKER, DEFAULT_CAPTURE, DEFAULT_FALLBACK } from '../../backend/dist/routing/core/route-spec.js';
import { TargetStats, TokenAverages } from '../../backend/dist/routing/core/target-stats.js';
import { RouteResolver } from '../../backend/dist/routing/route-resolver.js';

const N = Number(process.env.BENCH_PLANS ?? 100_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 7);
const TARGETS = 10;

function setup(strategy) {
  const models = new Map();
  const accounts = new Map();
  const targets = [];
  for (let i = 0; i < TARGETS; i++) {
    const id = `p${i % 3}/model-${i}`;
    accounts.set(`p${i % 3}`, { name: `p${i % 3}`, kind: 'openai' });
    models.set(id, {
      id,
      inputPricePerM: 0.1 * (TARGETS - i),
      outputPricePerM: 0.4 * (TARGETS - i),
      contextWindow: 128_000,
      capabilities: ['chat', 'tools', 'json'],
    });
    const stats = new TargetStats();
    for (let k = 0; k < 20; k++) stats.success(50 + ((i * 37) % 200) + k, false, 1000 + k);
    targets.push({ id, weight: 10, breaker: new CircuitBreaker(DEFAULT_BREAKER), breakerKey: `r\u0000${id}`, stats });
  }
  const tokens = new TokenAverages();
  tokens.observe(400, 150);
  const spec = {
    targets: targets.map((t) => ({ model: t.id, weight: t.weight })),
    fallback: DEFAULT_FALLBACK,
    breaker: DEFAULT_BREAKER,
    sticky: 'user',
    capture: DEFAULT_CAPTURE,
  };
  if (strategy !== 'weighted') spec.strategy = strategy;
  const route = { alias: 'bench', version: 1, spec, targets, redact: [], state: { tokens, decisions: new DecisionRing() } };
  const runtime = Object.create(ProviderRuntime.prototype);
  runtime.snapshot = { accounts, models };
  const table = { get: (alias) => (alias === 'bench' ? route : undefined), all: () => [route] };
  return { resolver: new RouteResolver(runtime, table), route, runtime };
}

function cpuMicros(fn) {
  const c0 = process.cpuUsage();
  fn();
  const c = process.cpuUsage(c0);
  return (c.user + c.system) / N;
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

export async function benchStrategies() {
  const chat = {
    messages: [
      { role: 'system', content: 'You are a helpful assistant for a support desk.' },
      { role: 'user', content: 'My order has not arrived yet, what can I do?' },
    ],
  };
  const withTools = { ...chat, tools: [{ type: 'function', function: { name: 'lookup_order', parameters: {} } }], response_format: { type: 'json_schema' } };
  const cases = [
    ['weighted order alone, as before strategies (targetOrder + resolve)', 'weighted', null],
    ['plan: weighted', 'weighted', chat],
    ['plan: ordered', 'ordered', chat],
    ['plan: cheapest', 'cheapest', chat],
    ['plan: fastest', 'fastest', chat],
    ['plan: cheapest + tools/json_schema constraints + max_price', 'cheapest', withTools, { maxPrice: { prompt: 100, completion: 100 } }],
  ];
  const results = [];
  for (const [name, strategy, body, hints] of cases) {
    const { resolver, route, runtime } = setup(strategy);
    const run = body
      ? () => {
          for (let i = 0; i < N; i++) resolver.plan('bench', { chat: body, hints, stickyKey: undefined });
        }
      : () => {
          const now = Date.now();
          for (let i = 0; i < N; i++) {
            const order = targetOrder(route.targets, (t) => t.breaker.available(now), undefined, Math.random());
            const out = [];
            for (const t of order) {
              const r = runtime.resolve(t.id);
              if (r) out.push({ label: t.id, target: r.target, priced: r.priced, overrides: t.overrides, breaker: t.breaker, breakerKey: t.breakerKey });
            }
          }
        };
    run(); // warm-up: JIT
    const rounds = Array.from({ length: ROUNDS }, () => cpuMicros(run));
    const row = {
      case: name,
      targets: TARGETS,
      plans: N,
      cpuMicrosPerPlanMedian: +median(rounds).toFixed(2),
      min: +Math.min(...rounds).toFixed(2),
      max: +Math.max(...rounds).toFixed(2),
    };
    results.push(row);
    console.log(JSON.stringify(row));
  }
  return results;
}

if (import.meta.url === `file://${process.argv[1]}`) await benchStrategies();
