import type { ProviderKind } from '../../api/types';

export interface ProviderKindInfo {
  kind: ProviderKind;
  label: string;
  /** One line saying what this kind talks to. */
  description: string;
  /** What the backend uses when no base URL is given. */
  defaultBaseUrl: string;
  /** The simulator runs inside Switchyard: no URL and no credential. */
  local: boolean;
  /** Placeholder for the model list, one id per line. */
  exampleModels: string;
}

export const SIMULATED_EXPLANATION = 'Synthetic outputs from the built-in simulator, for demos and load tests — not a real LLM.';

export const PROVIDER_KINDS: readonly ProviderKindInfo[] = [
  {
    kind: 'openai',
    label: 'OpenAI-compatible',
    description: 'OpenAI and every OpenAI-compatible server: Azure OpenAI, Mistral, Groq, Together, DeepSeek, OpenRouter, vLLM, Ollama, LM Studio.',
    defaultBaseUrl: 'https://api.openai.com/v1',
    exampleModels: 'gpt-4o-mini\nllama3.1:8b',
    local: false,
  },
  {
    kind: 'anthropic',
    label: 'Anthropic',
    description: 'Claude models through Anthropic’s Messages API.',
    defaultBaseUrl: 'https://api.anthropic.com',
    exampleModels: 'claude-3-5-haiku-latest',
    local: false,
  },
  {
    kind: 'gemini',
    label: 'Google Gemini',
    description: 'Gemini models through the Google AI Studio (Generative Language) API.',
    defaultBaseUrl: 'https://generativelanguage.googleapis.com/v1beta',
    exampleModels: 'gemini-2.0-flash',
    local: false,
  },
  {
    kind: 'simulator',
    label: 'Simulator',
    description: SIMULATED_EXPLANATION,
    defaultBaseUrl: 'simulator://local',
    exampleModels: 'sim-small',
    local: true,
  },
];

/** A newer backend may report a kind this console does not know; show it as is. */
export function kindLabel(kind: string): string {
  return PROVIDER_KINDS.find((k) => k.kind === kind)?.label ?? kind;
}
