import type { CacheOutcome } from '../../api/types';

/** Every outcome the response cache logs, in the order the console offers them. */
export const CACHE_OUTCOMES: readonly CacheOutcome[] = ['hit', 'miss', 'refresh', 'bypass'];

export interface CacheStatusText {
  /** A word or two for a badge or a select. */
  short: string;
  /** The whole sentence, for the drawer and a tooltip. */
  long: string;
}

const TEXT: Record<CacheOutcome, CacheStatusText> = {
  hit: { short: 'cache hit', long: 'Answered from the response cache: no model was called.' },
  miss: { short: 'cache miss', long: 'Looked up in the response cache and not found: the model answered and its answer was stored.' },
  refresh: { short: 'cache refresh', long: 'The client asked for a fresh answer: the model answered and replaced the stored one.' },
  bypass: { short: 'cache bypassed', long: 'The response cache was not used (turned off for this request, the route, or an experiment).' },
};

/** What the cache did to a logged request, in words; null when it took no part (or logged a value this console does not know). */
export function cacheStatus(cache: string | null | undefined): CacheStatusText | null {
  return cache && Object.hasOwn(TEXT, cache) ? TEXT[cache as CacheOutcome] : null;
}

export function isCacheOutcome(value: string): value is CacheOutcome {
  return (CACHE_OUTCOMES as readonly string[]).includes(value);
}
