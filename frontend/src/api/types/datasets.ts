// Datasets, versions and items (`/api/datasets`).

export interface DatasetVersionDto {
  version: number;
  format: string;
  source: string;
  rows: number;
  skipped: number;
  fields: { input: Record<string, number>; metadata: Record<string, number>; withExpected: number };
  createdAt: string;
}

export interface DatasetDto {
  id: string;
  name: string;
  description: string;
  latest: DatasetVersionDto | null;
  createdAt: string;
}

/** `GET /api/datasets/:dataset`: the dataset with every version, newest first. */
export interface DatasetDetailDto extends DatasetDto {
  versions: DatasetVersionDto[];
}

export interface UploadResultDto extends DatasetVersionDto {
  problems: Array<{ path: string; message: string }>;
}

/** `POST /api/datasets/:dataset/versions/from-traffic`: which logged requests (with captured bodies) become items. */
export interface FromTrafficBody {
  route?: string;
  /** ISO 8601; default 7 days before `to`. */
  from?: string;
  /** ISO 8601, exclusive; default now. */
  to?: string;
  status?: 'ok' | 'error';
  limit?: number;
  /** Keep the logged answer as the expected answer (default true). */
  expectedFromResponse?: boolean;
}

export interface DatasetItemDto {
  index: number;
  id: string | null;
  input: Record<string, unknown>;
  expected?: unknown;
  metadata?: Record<string, unknown>;
}
