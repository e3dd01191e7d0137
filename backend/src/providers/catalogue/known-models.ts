import type { ProviderKind } from '../provider-adapter.js';

export interface KnownModel {
  model: string;
  /** USD per million input / output tokens. */
  input: number;
  output: number;
  contextWindow: number;
  capabilities: string[];
}

/**
 * Public list prices (USD per 1M tokens, standard tier, no caching or batch discounts) taken from the
 * providers' pricing pages as last known to us (2025). Prices change: edit them per account in the
 * console or the admin API; cost history keeps the price of each request's time.
 */
export const KNOWN_MODELS: Partial<Record<ProviderKind, KnownModel[]>> = {
  openai: [
    { model: 'gpt-4.1', input: 2, output: 8, contextWindow: 1_047_576, capabilities: ['chat', 'tools', 'vision', 'json'] },
    { model: 'gpt-4.1-mini', input: 0.4, output: 1.6, contextWindow: 1_047_576, capabilities: ['chat', 'tools', 'vision', 'json'] },
    { model: 'gpt-4.1-nano', input: 0.1, output: 0.4, contextWindow: 1_047_576, capabilities: ['chat', 'tools', 'vision', 'json'] },
    { model: 'gpt-4o', input: 2.5, output: 10, contextWindow: 128_000, capabilities: ['chat', 'tools', 'vision', 'json'] },
    { model: 'gpt-4o-mini', input: 0.15, output: 0.6, contextWindow: 128_000, capabilities: ['chat', 'tools', 'vision', 'json'] },
    { model: 'o3-mini', input: 1.1, output: 4.4, contextWindow: 200_000, capabilities: ['chat', 'tools', 'json'] },
    { model: 'text-embedding-3-small', input: 0.02, output: 0, contextWindow: 8_191, capabilities: ['embeddings'] },
    { model: 'text-embedding-3-large', input: 0.13, output: 0, contextWindow: 8_191, capabilities: ['embeddings'] },
  ],
  anthropic: [
    { model: 'claude-opus-4-20250514', input: 15, output: 75, contextWindow: 200_000, capabilities: ['chat', 'tools', 'vision'] },
    { model: 'claude-sonnet-4-20250514', input: 3, output: 15, contextWindow: 200_000, capabilities: ['chat', 'tools', 'vision'] },
    { model: 'claude-3-7-sonnet-latest', input: 3, output: 15, contextWindow: 200_000, capabilities: ['chat', 'tools', 'vision'] },
    { model: 'claude-3-5-haiku-latest', input: 0.8, output: 4, contextWindow: 200_000, capabilities: ['chat', 'tools'] },
  ],
  gemini: [
    { model: 'gemini-2.5-pro', input: 1.25, output: 10, contextWindow: 1_048_576, capabilities: ['chat', 'tools', 'vision', 'json'] },
    { model: 'gemini-2.5-flash', input: 0.3, output: 2.5, contextWindow: 1_048_576, capabilities: ['chat', 'tools', 'vision', 'json'] },
    { model: 'gemini-2.0-flash', input: 0.1, output: 0.4, contextWindow: 1_048_576, capabilities: ['chat', 'tools', 'vision', 'json'] },
    { model: 'gemini-embedding-001', input: 0.15, output: 0, contextWindow: 2_048, capabilities: ['embeddings'] },
  ],
};

/** Where each kind's API lives when an account names no base URL. */
export const DEFAULT_BASE_URLS: Record<ProviderKind, string> = {
  openai: 'https://api.openai.com/v1',
  anthropic: 'https://api.anthropic.com',
  gemini: 'https://generativelanguage.googleapis.com/v1beta',
  simulator: 'simulator://local',
};
