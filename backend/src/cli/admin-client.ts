/** A failed call to the admin API, with the server's stable code and the fields it names. */
export class ApiCallError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: Array<{ path: string; message: string }> = [],
  ) {
    super(details.length ? `${message}\n${details.map((d) => `  ${d.path}: ${d.message}`).join('\n')}` : message);
  }
}

/** The admin API (`/api`) over HTTP with an admin token; errors become ApiCallError with the server's words. */
export class AdminClient {
  constructor(
    readonly baseUrl: string,
    private readonly token: string,
  ) {}

  async request(method: string, path: string, init: { json?: unknown; body?: Uint8Array | string; contentType?: string } = {}): Promise<Response> {
    const headers: Record<string, string> = { authorization: `Bearer ${this.token}` };
    let body: Uint8Array | string | undefined = init.body;
    if (init.json !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(init.json);
    } else if (init.contentType) headers['content-type'] = init.contentType;
    let res: Response;
    try {
      res = await fetch(new URL(path, this.baseUrl), { method, headers, body: body as BodyInit | undefined });
    } catch (err) {
      const cause = (err as { cause?: { code?: string; message?: string } }).cause;
      throw new ApiCallError(0, 'cli/unreachable', `cannot reach ${this.baseUrl} (${cause?.code ?? cause?.message ?? (err as Error).message})`);
    }
    if (res.ok) return res;
    const text = await res.text();
    let error: { code?: string; message?: string; details?: Array<{ path: string; message: string }> } = {};
    try {
      error = (JSON.parse(text) as { error?: typeof error }).error ?? {};
    } catch {
      /* not JSON: the text is the message */
    }
    const hint = res.status === 401 ? ' (check --token or SWITCHYARD_TOKEN: an admin token or a key with the admin scope)' : '';
    throw new ApiCallError(
      res.status,
      error.code ?? `http/${res.status}`,
      `${method} ${path}: ${res.status} ${error.message ?? text.slice(0, 300)}${hint}`,
      error.details,
    );
  }

  async json<T>(method: string, path: string, json?: unknown): Promise<T> {
    const res = await this.request(method, path, json === undefined ? {} : { json });
    const text = await res.text();
    return (text ? JSON.parse(text) : undefined) as T;
  }
}
