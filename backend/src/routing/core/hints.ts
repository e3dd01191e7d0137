import type { ErrorDetail } from '../../common/errors/app-error.js';
import type { MaxPrice } from './constraints.js';
import type { RoutingStrategy } from './route-spec.js';

/** What a request asks of routing beyond the route's own settings. */
export interface RoutingHints {
  strategy?: RoutingStrategy;
  /** Where the strategy came from, for the decision log. */
  source?: 'suffix' | 'provider.sort';
  maxPrice?: MaxPrice;
}

/** `model` suffixes: ours, and OpenRouter's `:floor` (price) and `:nitro` (throughput) for clients written for it. */
export const MODEL_SUFFIXES: Readonly<Record<string, RoutingStrategy>> = {
  cheapest: 'cheapest',
  fastest: 'fastest',
  floor: 'cheapest',
  nitro: 'fastest',
};

const SORTS: Readonly<Record<string, RoutingStrategy>> = { price: 'cheapest', latency: 'fastest' };

export type Parsed<T> = { ok: true; value: T } | { ok: false; details: ErrorDetail[] };

/**
 * Splits `alias:suffix` when `alias` names a route (and the whole string does not: an alias may contain
 * `:`). Returns undefined when the model is not of this form; a details list when the suffix is unknown.
 */
export function splitModelSuffix(model: string, isRoute: (alias: string) => boolean): Parsed<{ alias: string; strategy: RoutingStrategy }> | undefined {
  const colon = model.lastIndexOf(':');
  if (colon <= 0 || isRoute(model)) return undefined;
  const alias = model.slice(0, colon);
  if (!isRoute(alias)) return undefined;
  const suffix = model.slice(colon + 1);
  const strategy = MODEL_SUFFIXES[suffix];
  if (!strategy) {
    return {
      ok: false,
      details: [
        {
          path: 'model',
          message: `has an unknown routing suffix ":${suffix}" (known: ${Object.keys(MODEL_SUFFIXES)
            .map((s) => `:${s}`)
            .join(', ')})`,
        },
      ],
    };
  }
  return { ok: true, value: { alias, strategy } };
}

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * The body's OpenRouter-style `provider` object: `sort` ("price" | "latency") and `max_price` ({prompt,
 * completion} in USD per million tokens). Any other field is refused by name: silently ignoring a routing
 * preference the client believes in would be worse than an error.
 */
export function parseProviderHints(provider: unknown): Parsed<RoutingHints> {
  if (provider === undefined || provider === null) return { ok: true, value: {} };
  if (!isObj(provider)) return { ok: false, details: [{ path: 'provider', message: 'must be an object with sort and/or max_price' }] };
  const details: ErrorDetail[] = [];
  const out: RoutingHints = {};
  for (const key of Object.keys(provider)) {
    if (key !== 'sort' && key !== 'max_price')
      details.push({ path: `provider.${key}`, message: 'is not a supported routing hint (supported: sort, max_price)' });
  }
  const sort = provider.sort;
  if (sort !== undefined && sort !== null) {
    if (typeof sort !== 'string' || !SORTS[sort]) details.push({ path: 'provider.sort', message: "must be 'price' or 'latency'" });
    else {
      out.strategy = SORTS[sort];
      out.source = 'provider.sort';
    }
  }
  const mp = provider.max_price;
  if (mp !== undefined && mp !== null) {
    if (!isObj(mp)) details.push({ path: 'provider.max_price', message: 'must be an object with prompt and/or completion (USD per million tokens)' });
    else {
      const maxPrice: MaxPrice = {};
      for (const [k, v] of Object.entries(mp)) {
        if (k !== 'prompt' && k !== 'completion')
          details.push({ path: `provider.max_price.${k}`, message: 'is not supported (supported: prompt, completion)' });
        else if (typeof v !== 'number' || !Number.isFinite(v) || v < 0)
          details.push({ path: `provider.max_price.${k}`, message: 'must be a non-negative number (USD per million tokens)' });
        else maxPrice[k] = v;
      }
      if (maxPrice.prompt !== undefined || maxPrice.completion !== undefined) out.maxPrice = maxPrice;
    }
  }
  return details.length ? { ok: false, details } : { ok: true, value: out };
}
