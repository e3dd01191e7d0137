// Gateway API keys (`/api/keys`).

/** `GET /api/keys`: a gateway API key, without its secret. */
export interface KeyLimits {
  requestsPerMinute?: number | null;
  tokensPerMinute?: number | null;
  dailyBudgetUsd?: number | null;
  monthlyBudgetUsd?: number | null;
}

export interface KeyDto {
  id: string;
  name: string;
  /** The first characters of the key, to tell keys apart. */
  prefix: string;
  scopes?: string[];
  allowedModels?: string[] | null;
  limits?: KeyLimits;
  spentTodayUsd?: number;
  spentMonthUsd?: number;
  createdAt: string;
  revokedAt: string | null;
}

/** `POST /api/keys`: the only response that carries the secret. */
export interface CreatedKeyDto extends KeyDto {
  secret: string;
}
