/** One field-level problem the backend reports with a 400 (`path` is the JSON path of the field). */
export interface ApiErrorDetail {
  path: string;
  message: string;
}

/** The admin API's error body: `{"error":{"code","message","details"?},"requestId"}`. */
export interface ApiErrorBody {
  error: { code: string; message: string; details?: ApiErrorDetail[] };
  requestId?: string;
}

/**
 * Every failed call to the admin API. `status` is 0 when the server could not be reached at all;
 * `code` is the backend's stable code (`auth/invalid-admin-token`) or a client-side one (`network/unreachable`).
 */
export class ApiError extends Error {
  override readonly name = 'ApiError';

  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: ApiErrorDetail[] = [],
    readonly requestId?: string,
  ) {
    super(message);
  }
}

export interface RequestOptions {
  /** Send no admin token and leave a 401 to the caller (the sign-in check itself). */
  anonymous?: boolean;
  signal?: AbortSignal;
}

interface ClientHooks {
  getToken: () => string | null;
  onUnauthorized: () => void;
}

// Wired in main.ts so this module depends on neither the store nor the router.
let hooks: ClientHooks = { getToken: () => null, onUnauthorized: () => {} };

export function configureApiClient(next: ClientHooks): void {
  hooks = next;
}

/** The admin token for requests made outside `api` (uploads with progress). */
export function adminToken(): string | null {
  return hooks.getToken();
}

/** Reports a 401 from a request made outside `api`. */
export function reportUnauthorized(): void {
  hooks.onUnauthorized();
}

/** The ApiError for a parsed error payload (exported for uploads, which use XMLHttpRequest). */
export function apiErrorFrom(status: number, statusText: string, payload: unknown): ApiError {
  return toApiError({ status, statusText } as Response, payload);
}

type Method = 'GET' | 'POST' | 'PUT' | 'DELETE';

async function request<T>(method: Method, path: string, body?: unknown, options: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const token = options.anonymous ? null : hooks.getToken();
  if (token) headers.Authorization = `Bearer ${token}`;

  let res: Response;
  try {
    res = await fetch(path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: options.signal,
    });
  } catch (e) {
    if (e instanceof DOMException && e.name === 'AbortError') throw e;
    throw new ApiError(0, 'network/unreachable', 'Could not reach the Switchyard server. Check that it is running and try again.');
  }

  const payload = await readBody(res);
  if (res.ok) return payload as T;

  if (res.status === 401 && !options.anonymous) hooks.onUnauthorized();
  throw toApiError(res, payload);
}

async function readBody(res: Response): Promise<unknown> {
  if (res.status === 204) return undefined;
  const text = await res.text();
  if (!text) return undefined;
  if (!(res.headers.get('content-type') ?? '').includes('json')) return text;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

function isApiErrorBody(value: unknown): value is ApiErrorBody {
  const error = (value as { error?: unknown } | null)?.error;
  return (
    typeof error === 'object' &&
    error !== null &&
    typeof (error as { code?: unknown }).code === 'string' &&
    typeof (error as { message?: unknown }).message === 'string'
  );
}

function toApiError(res: Response, payload: unknown): ApiError {
  if (isApiErrorBody(payload)) {
    const { code, message, details } = payload.error;
    return new ApiError(res.status, code, message, Array.isArray(details) ? details : [], payload.requestId);
  }
  // A proxy or a crashed server answered instead of Switchyard's error filter.
  const reason = res.statusText ? `${res.status} ${res.statusText}` : String(res.status);
  return new ApiError(res.status, `http/${res.status}`, `The server answered ${reason}.`);
}

export const api = {
  get: <T>(path: string, options?: RequestOptions) => request<T>('GET', path, undefined, options),
  post: <T>(path: string, body?: unknown, options?: RequestOptions) => request<T>('POST', path, body, options),
  put: <T>(path: string, body?: unknown, options?: RequestOptions) => request<T>('PUT', path, body, options),
  delete: <T>(path: string, body?: unknown, options?: RequestOptions) => request<T>('DELETE', path, body, options),
};
