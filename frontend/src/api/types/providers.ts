// Provider accounts and the model catalogue (`/api/providers`, `/api/models`).

/** The upstream protocols a provider account can speak (`openai` also covers every OpenAI-compatible server). */
export type ProviderKind = 'openai' | 'anthropic' | 'gemini' | 'simulator';

export interface ProviderTimeouts {
  connectMs?: number;
  firstByteMs?: number;
  totalMs?: number;
}

/** One catalogue entry (`GET /api/models`, and `models` of a provider). */
export interface ModelDto {
  /** What clients send as `model`: `<provider>/<model>`. */
  id: string;
  provider: string;
  model: string;
  /** USD per million input tokens; null when unknown. */
  inputPricePerM: number | null;
  /** USD per million output tokens; null when unknown. */
  outputPricePerM: number | null;
  contextWindow: number | null;
  capabilities: string[];
  /** Synthetic output from the built-in simulator, not a real model. */
  simulated: boolean;
}

/** `GET /api/providers`: a provider account. Credentials are never returned, only whether one is stored. */
export interface ProviderDto {
  id: string;
  name: string;
  kind: ProviderKind;
  baseUrl: string;
  hasApiKey: boolean;
  /** Header names only; their values may be secret. */
  headerNames: string[];
  options: Record<string, unknown>;
  timeouts: ProviderTimeouts;
  models: ModelDto[];
  createdAt: string;
}

export interface ModelInput {
  model: string;
  inputPricePerM?: number;
  outputPricePerM?: number;
  contextWindow?: number;
  capabilities?: string[];
}

/** `POST /api/providers` */
export interface CreateProviderRequest {
  /** 1-63 lowercase letters, digits, `-` or `_`, starting with a letter or digit. */
  name: string;
  kind: ProviderKind;
  /** Defaults to the kind's public API. */
  baseUrl?: string;
  apiKey?: string;
  headers?: Record<string, string>;
  options?: Record<string, unknown>;
  timeouts?: ProviderTimeouts;
  /** Defaults to the kind's known models with public prices. */
  models?: ModelInput[];
}

/** `POST /api/providers/:id/test`: a one-token chat against the provider. */
export interface ConnectionTestDto {
  ok: boolean;
  model: string;
  latencyMs: number;
  /** Error kind from the gateway's shared taxonomy (`network`, `auth`, …) when not ok. */
  errorKind?: string;
  message?: string;
}
