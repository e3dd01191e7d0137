/**
 * Gemini's `Schema` is a subset of OpenAPI 3.0, and the API rejects a request naming any field outside it
 * ("Unknown name \"additionalProperties\""). OpenAI clients send full JSON Schema, so it is narrowed here.
 */

type Json = Record<string, unknown>;

/** Keywords Gemini rejects that carry no meaning it could use. */
const DROPPED = new Set([
  'additionalProperties',
  '$schema',
  '$id',
  '$ref',
  '$defs',
  'definitions',
  '$comment',
  'strict',
  'examples',
  'patternProperties',
  'unevaluatedProperties',
  'prefixItems',
]);
/** `$ref` cycles (recursive schemas) are cut at this depth rather than expanded forever. */
const MAX_REF_DEPTH = 8;

function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function resolveRef(ref: string, root: Json): Json | undefined {
  const m = /^#\/(\$defs|definitions)\/(.+)$/.exec(ref);
  if (!m) return undefined;
  const defs = root[m[1]];
  const name = m[2].replace(/~1/g, '/').replace(/~0/g, '~');
  return isObject(defs) && isObject(defs[name]) ? defs[name] : undefined;
}

function clean(schema: Json, root: Json, depth: number): Json {
  if (typeof schema.$ref === 'string') {
    const target = depth < MAX_REF_DEPTH ? resolveRef(schema.$ref, root) : undefined;
    // Sibling keywords (e.g. a description) refine the referenced schema.
    const { $ref: _ref, ...siblings } = schema;
    return target ? clean({ ...target, ...siblings }, root, depth + 1) : { type: 'object', ...clean(siblings, root, depth) };
  }
  const out: Json = {};
  const allOf: Json[] = [];
  for (const [key, value] of Object.entries(schema)) {
    if (DROPPED.has(key)) continue;
    if (key === 'properties' && isObject(value)) {
      // Keys here are property names, not keywords: a property called "strict" must survive.
      out.properties = Object.fromEntries(Object.entries(value).map(([name, sub]) => [name, isObject(sub) ? clean(sub, root, depth) : sub]));
    } else if (key === 'items' && isObject(value)) {
      out.items = clean(value, root, depth);
    } else if ((key === 'anyOf' || key === 'oneOf') && Array.isArray(value)) {
      // Gemini knows only anyOf; oneOf means the same to a generator.
      out.anyOf = value.map((sub) => (isObject(sub) ? clean(sub, root, depth) : sub));
    } else if (key === 'allOf' && Array.isArray(value)) {
      allOf.push(...value.filter(isObject).map((sub) => clean(sub, root, depth)));
    } else if (key === 'type' && Array.isArray(value)) {
      // JSON Schema's ["string", "null"] is OpenAPI 3.0's type + nullable.
      const types = value.filter((t) => t !== 'null');
      if (types.length === 1) out.type = types[0];
      else if (types.length > 1) out.anyOf = types.map((t) => ({ type: t }));
      if (types.length < value.length) out.nullable = true;
    } else if (key === 'const') {
      out.enum = [value];
    } else {
      out[key] = value;
    }
  }
  mergeAll(out, allOf);
  return out;
}

/** Gemini has no allOf: its members (typically object fragments) are merged into one schema. */
function mergeAll(out: Json, parts: Json[]): void {
  for (const part of parts) {
    const { properties, required, ...rest } = part;
    for (const [k, v] of Object.entries(rest)) if (!(k in out)) out[k] = v;
    if (isObject(properties)) out.properties = { ...(isObject(out.properties) ? out.properties : {}), ...properties };
    if (Array.isArray(required)) out.required = [...new Set([...(Array.isArray(out.required) ? out.required : []), ...required])];
  }
}

/** Narrows a JSON Schema (tool parameters, response schema) to what Gemini's `Schema` accepts. */
export function toGeminiSchema(schema: Record<string, unknown>): Record<string, unknown> {
  return clean(schema, schema, 0);
}
