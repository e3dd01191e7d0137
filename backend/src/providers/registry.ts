import { anthropicAdapter } from './anthropic/anthropic.adapter.js';
import { geminiAdapter } from './gemini/gemini.adapter.js';
import { openaiAdapter } from './openai/openai.adapter.js';
import type { ProviderAdapter, ProviderKind } from './provider-adapter.js';
import { simulatorAdapter } from './simulator/simulator.adapter.js';

/** The one map from provider kind to adapter. A new provider is one folder and one line here. */
export const ADAPTERS: Readonly<Record<ProviderKind, ProviderAdapter>> = {
  openai: openaiAdapter,
  anthropic: anthropicAdapter,
  gemini: geminiAdapter,
  simulator: simulatorAdapter,
};

export function adapterFor(kind: ProviderKind): ProviderAdapter {
  return ADAPTERS[kind];
}
