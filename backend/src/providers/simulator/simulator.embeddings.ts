import { fmix32, fnv1a, mulberry32 } from './simulator.random.js';

/** Dimensions of a simulated embedding when the request names none. */
export const DEFAULT_EMBEDDING_DIMENSIONS = 256;
/** The largest `dimensions` a simulated embedding accepts (OpenAI's largest model has 3,072). */
export const MAX_EMBEDDING_DIMENSIONS = 8192;

function addSeeded(v: Float64Array, key: string, weight: number): void {
  const rng = mulberry32(fmix32(fnv1a(key)));
  for (let i = 0; i < v.length; i++) v[i] += weight * (rng() * 2 - 1);
}

/**
 * A deterministic unit vector for `text`: the sum of one seeded vector per word plus a smaller one for
 * the whole text. Texts sharing words come out close (so semantic-cache and retrieval demos behave
 * plausibly) and only identical texts come out identical. `model` gives each model its own space.
 */
export function embedText(text: string, model: string, dimensions: number): number[] {
  const v = new Float64Array(dimensions);
  const words = text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
  for (const w of words) addSeeded(v, `${model}\u0000w\u0000${w}`, 1);
  // Weighted so that a reordering of the same words still scores a cosine of about 0.9.
  addSeeded(v, `${model}\u0000t\u0000${text}`, 0.3 * Math.sqrt(Math.max(1, words.length)));
  let norm = 0;
  for (const x of v) norm += x * x;
  norm = Math.sqrt(norm);
  return Array.from(v, (x) => x / norm);
}
