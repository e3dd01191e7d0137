import { parseArgs } from 'node:util';
import { CliError, EXIT } from '../cli-error.js';
import { CONNECTION_OPTIONS, connect, print } from './connection.js';

/** `switchyard routes promote --experiment E [--variant V] [--route R] [--ramp 5,25,50,100 | --immediate]`. */
export async function routesCommand(args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  if (sub !== 'promote') throw new CliError(`routes ${sub ?? ''}: use promote`.replace('  ', ' '), EXIT.usage);
  const { values } = parseArgs({
    args: rest,
    options: {
      ...CONNECTION_OPTIONS,
      experiment: { type: 'string' },
      variant: { type: 'string' },
      model: { type: 'string' },
      route: { type: 'string' },
      ramp: { type: 'string' },
      immediate: { type: 'boolean' },
      'min-seconds': { type: 'string' },
      'min-requests': { type: 'string' },
    },
  });
  if (!values.experiment && !values.model) throw new CliError('routes promote needs --experiment (its winner) or --model', EXIT.usage);
  if (values.ramp && values.immediate) throw new CliError('give --ramp or --immediate, not both', EXIT.usage);
  const steps = values.ramp?.split(',').map((s) => Number(s.trim()));
  if (steps && steps.some((s) => !Number.isFinite(s)))
    throw new CliError(`--ramp must be numbers separated by commas, like 5,25,50,100 (got "${values.ramp}")`, EXIT.usage);
  const int = (name: 'min-seconds' | 'min-requests') => {
    const v = values[name];
    if (v === undefined) return undefined;
    const n = Number(v);
    if (!Number.isInteger(n) || n < 1) throw new CliError(`--${name} must be a positive integer`, EXIT.usage);
    return n;
  };
  const client = connect(values);
  let route = values.route;
  if (!route && values.experiment) {
    const e = await client.json<{ spec?: { route?: string; promoteRoute?: string } }>('GET', `/api/experiments/${encodeURIComponent(values.experiment)}`);
    route = e.spec?.promoteRoute ?? e.spec?.route;
  }
  if (!route) throw new CliError('routes promote needs --route: the experiment names no route to promote into', EXIT.usage);
  const p = await client.json<{ id: string; status: string; steps: number[]; route: string }>('POST', '/api/promotions', {
    route,
    experiment: values.experiment,
    variant: values.variant,
    model: values.model,
    mode: values.immediate ? 'immediate' : 'ramp',
    steps,
    minSeconds: int('min-seconds'),
    minRequests: int('min-requests'),
  });
  print(values.json, p, () => `promotion ${p.id} on ${p.route}: ${p.status}${p.steps?.length ? `, steps ${p.steps.join(' → ')}%` : ''}`);
  return EXIT.ok;
}
