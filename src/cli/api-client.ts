import type {
  ApiErrorBody,
  AuditEntry,
  ChainVerification,
  CordonEvent,
  CreatedToken,
  Disposition,
  Incident,
  Me,
  Page,
  PolicyVersion,
  PolicyVersionSummary,
  Rca,
  TimelineEntry,
} from './api-types.ts';

export const DEFAULT_URL = 'http://127.0.0.1:8080';
const API_PREFIX = '/api/v1';
const TIMEOUT_MS = 30_000;

/** The server answered with an error body (or a non-JSON error page). */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly details: unknown;
  readonly requestId: string | undefined;
  constructor(status: number, code: string, message: string, details?: unknown, requestId?: string) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.details = details;
    this.requestId = requestId;
  }
}

/** The server could not be reached at all (refused, DNS, timeout, TLS). */
export class ConnectionError extends Error {
  readonly url: string;
  constructor(url: string, reason: string) {
    super(`cannot reach the Cordon server at ${url} (${reason})`);
    this.name = 'ConnectionError';
    this.url = url;
  }
}

export type Query = Record<string, string | number | boolean | undefined>;
type RequestOptions = { query?: Query; body?: unknown };

export type ApiClientOptions = { baseUrl: string; token: string | undefined; fetch: typeof fetch };

/** Accepts `http://host:8080`, `http://host:8080/` and `http://host:8080/api/v1`. */
export function normalizeBaseUrl(url: string): string {
  const trimmed = url.replace(/\/+$/, '');
  return trimmed.endsWith(API_PREFIX) ? trimmed.slice(0, -API_PREFIX.length) : trimmed;
}

function describeFetchFailure(err: unknown): string {
  if (err instanceof Error && (err.name === 'TimeoutError' || err.name === 'AbortError')) {
    return `no answer within ${TIMEOUT_MS / 1000} s`;
  }
  const cause = err instanceof Error ? err.cause : undefined;
  if (cause instanceof Error) {
    const code = (cause as Error & { code?: unknown }).code;
    if (code === 'ECONNREFUSED') return 'connection refused — is the server running?';
    if (code === 'ENOTFOUND') return 'unknown host';
    return typeof code === 'string' ? `${code}: ${cause.message}` : cause.message;
  }
  return err instanceof Error ? err.message : String(err);
}

function isErrorBody(value: unknown): value is ApiErrorBody {
  if (typeof value !== 'object' || value === null || !('error' in value)) return false;
  const error = (value as { error: unknown }).error;
  return typeof error === 'object' && error !== null && 'code' in error && 'message' in error;
}

const seg = (value: string | number): string => encodeURIComponent(String(value));

/** A small typed client for docs/api.md. Each method is one route; nothing is cached or retried. */
export class ApiClient {
  readonly baseUrl: string;
  readonly #token: string | undefined;
  readonly #fetch: typeof fetch;

  constructor(options: ApiClientOptions) {
    this.baseUrl = normalizeBaseUrl(options.baseUrl);
    this.#token = options.token;
    this.#fetch = options.fetch;
  }

  async request<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
    const url = new URL(`${this.baseUrl}${API_PREFIX}${path}`);
    for (const [name, value] of Object.entries(options.query ?? {})) {
      if (value !== undefined) url.searchParams.set(name, String(value));
    }
    const headers: Record<string, string> = { accept: 'application/json' };
    if (this.#token) headers.authorization = `Bearer ${this.#token}`;
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    let response: Response;
    try {
      response = await this.#fetch(url, {
        method,
        headers,
        body: options.body === undefined ? undefined : JSON.stringify(options.body),
        signal: AbortSignal.timeout(TIMEOUT_MS),
      });
    } catch (err) {
      throw new ConnectionError(this.baseUrl, describeFetchFailure(err));
    }
    const text = await response.text();
    let parsed: unknown;
    try {
      parsed = text === '' ? undefined : JSON.parse(text);
    } catch {
      parsed = undefined;
    }
    if (!response.ok) {
      if (isErrorBody(parsed)) {
        const e = parsed.error;
        throw new ApiError(response.status, e.code, e.message, e.details, e.requestId);
      }
      const reason = response.statusText || 'unexpected answer';
      throw new ApiError(response.status, `http.${response.status}`, `${reason} from ${url.origin}`);
    }
    if (text !== '' && parsed === undefined) {
      throw new ApiError(response.status, 'http.invalid_json', `the answer from ${url.origin} is not JSON`);
    }
    return parsed as T;
  }

  /** Follows `nextCursor` until the last page; for `--all`. */
  async listAll<T>(path: string, query: Query = {}): Promise<T[]> {
    const items: T[] = [];
    let cursor: string | undefined;
    do {
      const page: Page<T> = await this.request<Page<T>>('GET', path, { query: { ...query, cursor } });
      items.push(...page.items);
      cursor = page.nextCursor ?? undefined;
    } while (cursor !== undefined);
    return items;
  }

  createReport(body: Record<string, unknown>) {
    return this.request<CordonEvent>('POST', '/reports', { body });
  }
  listEvents(query: Query) {
    return this.request<Page<CordonEvent>>('GET', '/events', { query });
  }
  getEvent(ref: string) {
    return this.request<CordonEvent>('GET', `/events/${seg(ref)}`);
  }
  disposeEvent(ref: string, body: Record<string, unknown>) {
    return this.request<Disposition>('POST', `/events/${seg(ref)}/disposition`, { body });
  }

  declareIncident(body: Record<string, unknown>) {
    return this.request<Incident>('POST', '/incidents', { body });
  }
  listIncidents(query: Query) {
    return this.request<Page<Incident>>('GET', '/incidents', { query });
  }
  getIncident(key: string) {
    return this.request<Incident>('GET', `/incidents/${seg(key)}`);
  }
  moveIncident(key: string, to: string, reason?: string) {
    return this.request<Incident>('POST', `/incidents/${seg(key)}/transitions`, { body: { to, reason } });
  }
  setSeverity(key: string, severity: string, reason: string) {
    return this.request<Incident>('POST', `/incidents/${seg(key)}/severity`, { body: { severity, reason } });
  }
  assignRole(key: string, role: string, userId: string) {
    return this.request<Incident>('POST', `/incidents/${seg(key)}/roles`, { body: { role, userId } });
  }
  timeline(key: string) {
    return this.listAll<TimelineEntry>(`/incidents/${seg(key)}/timeline`, { limit: 200 });
  }
  addNote(key: string, text: string) {
    return this.request<TimelineEntry>('POST', `/incidents/${seg(key)}/timeline`, { body: { text } });
  }
  putRca(key: string, body: string) {
    return this.request<Rca>('PUT', `/incidents/${seg(key)}/rca`, { body: { body } });
  }

  listAudit(query: Query) {
    return this.request<Page<AuditEntry>>('GET', '/audit', { query });
  }
  verifyAudit() {
    return this.request<ChainVerification>('GET', '/audit/verify');
  }

  getPolicy() {
    return this.request<PolicyVersion>('GET', '/policy');
  }
  listPolicyVersions() {
    return this.request<{ items: PolicyVersionSummary[] }>('GET', '/policy/versions');
  }
  uploadPolicy(source: string, activate: boolean) {
    return this.request<PolicyVersionSummary>('POST', '/policy', { body: { source, activate } });
  }
  activatePolicy(version: number) {
    return this.request<PolicyVersionSummary>('POST', `/policy/versions/${seg(version)}/activate`);
  }

  me() {
    return this.request<Me>('GET', '/auth/me');
  }
  listUsers() {
    return this.request<unknown>('GET', '/users');
  }
  createUser(body: Record<string, unknown>) {
    return this.request<unknown>('POST', '/users', { body });
  }
  listTokens() {
    return this.request<unknown>('GET', '/tokens');
  }
  createToken(body: Record<string, unknown>) {
    return this.request<CreatedToken>('POST', '/tokens', { body });
  }
  revokeToken(id: string) {
    return this.request<undefined>('DELETE', `/tokens/${seg(id)}`);
  }
}
