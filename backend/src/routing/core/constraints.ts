/** What a request needs of a model, read from its body once. */
export interface RequestNeeds {
  tools: boolean;
  /** `response_format: {type: 'json_schema'}`. */
  jsonSchema: boolean;
  /** An `image_url` content part. */
  images: boolean;
  /**
   * An upper bound of the prompt's tokens that costs nothing to compute (UTF-16 length × 3, a byte-level
   * BPE token being at least one UTF-8 byte, plus the per-message overhead). When a context window is below
   * it, {@link ConstraintContext.promptTokens} counts exactly.
   */
  promptTokensBound: number;
}

/** The catalogue facts a constraint reads; unknown (null or absent) facts never exclude a target. */
export interface ModelFacts {
  capabilities?: readonly string[] | null;
  contextWindow?: number | null;
  inputPricePerM?: number | null;
  outputPricePerM?: number | null;
}

/** The request's ceiling prices (USD per million tokens, as OpenRouter's `provider.max_price`). */
export interface MaxPrice {
  prompt?: number;
  completion?: number;
}

export interface ConstraintContext {
  needs: RequestNeeds;
  maxPrice?: MaxPrice;
  /** The prompt's counted tokens; called only when a context window is below the bound, and memoised by the caller. */
  promptTokens: () => number;
}

interface Part {
  type?: string;
}
interface Msg {
  content?: unknown;
}

/** Reads what the body asks for; the body has been validated (gateway/chat-request.validation.ts). */
export function requestNeeds(body: { messages: readonly Msg[]; tools?: readonly unknown[] | null; response_format?: { type?: string } | null }): RequestNeeds {
  let chars = 0;
  let images = false;
  for (const m of body.messages) {
    const c = m.content;
    if (typeof c === 'string') chars += c.length;
    else if (Array.isArray(c)) {
      for (const p of c as Array<Part & { text?: string }>) {
        if (p.type === 'image_url') images = true;
        else if (typeof p.text === 'string') chars += p.text.length;
      }
    } else if (c !== null && c !== undefined) chars += JSON.stringify(c).length;
    const calls = (m as { tool_calls?: unknown }).tool_calls;
    if (calls) chars += JSON.stringify(calls).length;
  }
  return {
    tools: Array.isArray(body.tools) && body.tools.length > 0,
    jsonSchema: body.response_format?.type === 'json_schema',
    images,
    promptTokensBound: chars * 3 + 3 * body.messages.length + 3,
  };
}

/**
 * Why a target cannot serve the request, or undefined when it can. Capabilities are checked only when the
 * catalogue lists some (`tools`, `json`, `vision` as in the catalogue); a context window only when known.
 */
export function unmetNeed(m: ModelFacts | undefined, ctx: ConstraintContext): string | undefined {
  const { needs, maxPrice } = ctx;
  const caps = m?.capabilities;
  if (caps && caps.length) {
    if (needs.tools && !caps.includes('tools')) return 'no tools support';
    if (needs.jsonSchema && !caps.includes('json')) return 'no json_schema support';
    if (needs.images && !caps.includes('vision')) return 'no image input support';
  }
  const window = m?.contextWindow;
  if (window && needs.promptTokensBound > window) {
    const n = ctx.promptTokens();
    if (n > window) return `context window ${window} < ${n} prompt tokens`;
  }
  if (maxPrice) {
    if (maxPrice.prompt !== undefined && !(m?.inputPricePerM != null && m.inputPricePerM <= maxPrice.prompt))
      return m?.inputPricePerM == null
        ? 'prompt price unknown (max_price.prompt set)'
        : `prompt price ${m.inputPricePerM} > max_price.prompt ${maxPrice.prompt}`;
    if (maxPrice.completion !== undefined && !(m?.outputPricePerM != null && m.outputPricePerM <= maxPrice.completion))
      return m?.outputPricePerM == null
        ? 'completion price unknown (max_price.completion set)'
        : `completion price ${m.outputPricePerM} > max_price.completion ${maxPrice.completion}`;
  }
  return undefined;
}

/** The request field a refusal names, from the reasons targets were skipped for. */
export function fieldOf(reason: string): string {
  if (reason.startsWith('no tools')) return 'tools';
  if (reason.startsWith('no json_schema')) return 'response_format';
  if (reason.startsWith('no image')) return 'messages';
  if (reason.startsWith('context window')) return 'messages';
  if (reason.includes('max_price.prompt')) return 'provider.max_price.prompt';
  if (reason.includes('max_price.completion')) return 'provider.max_price.completion';
  return 'model';
}
