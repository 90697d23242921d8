/** The host app's one way to the server's JSON API, and what its answers can mean. */

const TIMEOUT_MS = 10_000;

/** Statuses that say "not now" (timeout, too early, too many requests): the request is tried again later. */
const RETRY = new Set([408, 425, 429]);
/** Statuses that say "never": the request itself is wrong, so sending it again cannot help. */
const REFUSED = new Set([400, 413, 422]);

export class ApiError extends Error {
  constructor(
    public status: number,
    public code: string,
  ) {
    super(`${status} ${code}`);
  }
  /** worth sending again later, unchanged */
  get retry() {
    return this.status >= 500 || RETRY.has(this.status);
  }
  /** the server will never take this request */
  get refused() {
    return REFUSED.has(this.status);
  }
  /** the token was refused: revoked, or replaced by a new pairing */
  get unpaired() {
    return this.status === 401 || this.status === 403;
  }
}

/**
 * A 2xx whose body is not klick's JSON: a captive portal's login page, a proxy's notice. It confirms
 * nothing, so nothing may be dequeued on it; the request goes again later.
 */
export class NotKlick extends Error {}

export async function api<T>(path: string, token: string | null, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (token) headers.authorization = `Bearer ${token}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(path, {
    method: body === undefined ? 'GET' : 'POST',
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
    cache: 'no-store',
    signal: AbortSignal.timeout(TIMEOUT_MS),
  });
  const json = /^application\/json\b/i.test(res.headers.get('content-type') ?? '')
    ? ((await res.json().catch(() => null)) as (T & { error?: { code?: string } }) | null)
    : null;
  if (!res.ok) throw new ApiError(res.status, json?.error?.code ?? 'http_error');
  if (json === null || typeof json !== 'object') throw new NotKlick(`${res.status} without klick's JSON`);
  return json;
}
