import { createHash } from 'node:crypto';

/**
 * Body fields that do not change what the model answers, left out of the key: who asked (`user`, also
 * the sticky key), how the answer is delivered (`stream`, `stream_options`), and bookkeeping (`metadata`,
 * `store`). Everything else the client sent, unknown fields included, is part of the key: an upstream may
 * read a field Switchyard does not know, and two requests differing in it must not share an answer.
 */
const IGNORED = new Set(['model', 'user', 'stream', 'stream_options', 'metadata', 'store']);

/** What a cached answer belongs to. */
export interface CacheScope {
  /** The route and its version (a new version starts a new cache), or absent for a catalogue model called directly. */
  route?: { alias: string; version: number };
  /** The client's `model` (the catalogue model when there is no route). */
  model: string;
  /** The API key's id, or undefined when the route shares its cache between keys. */
  keyId?: string;
}

/**
 * JSON with object keys sorted at every depth, `undefined` dropped, so two bodies equal as data give the
 * same text whatever their key order. Arrays keep their order (message order matters).
 */
export function canonicalJson(v: unknown): string {
  if (v === null || typeof v !== 'object') return JSON.stringify(v) ?? 'null';
  if (Array.isArray(v)) {
    let s = '[';
    for (let i = 0; i < v.length; i++) s += (i ? ',' : '') + (v[i] === undefined ? 'null' : canonicalJson(v[i]));
    return s + ']';
  }
  const o = v as Record<string, unknown>;
  let s = '{';
  let first = true;
  for (const k of Object.keys(o).sort()) {
    if (o[k] === undefined) continue;
    s += (first ? '' : ',') + JSON.stringify(k) + ':' + canonicalJson(o[k]);
    first = false;
  }
  return s + '}';
}

/**
 * The normalised request: the scope, then every body field that changes the answer. A top-level `null`
 * counts as absent (OpenAI treats `temperature: null` as not sent).
 */
export function normalizedRequest(body: Record<string, unknown>, scope: CacheScope): string {
  const fields: Record<string, unknown> = {};
  for (const k of Object.keys(body)) if (!IGNORED.has(k) && body[k] !== null && body[k] !== undefined) fields[k] = body[k];
  const where = scope.route ? `r:${scope.route.alias}@${scope.route.version}` : `m:${scope.model}`;
  return `${scope.keyId === undefined ? '*' : scope.keyId}\n${where}\n${canonicalJson(fields)}`;
}

/** The cache key: a SHA-256 of the normalised request (base64url, 43 characters). */
export function cacheKey(body: Record<string, unknown>, scope: CacheScope): string {
  return createHash('sha256').update(normalizedRequest(body, scope)).digest('base64url');
}
