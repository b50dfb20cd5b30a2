/**
 * The one place that talks HTTP to the Rapport API: same-origin cookies, the CSRF header on
 * every write, and problem+json errors turned into ApiError.
 */
export interface FieldProblem {
  field: string;
  code: string;
  message: string;
}

export interface Problem {
  type?: string;
  title: string;
  status: number;
  detail?: string;
  code?: string;
  field?: string;
  errors?: FieldProblem[];
  request_id?: string;
}

export class ApiError extends Error {
  readonly problem: Problem;

  constructor(problem: Problem) {
    super(problem.detail ?? problem.title);
    this.name = 'ApiError';
    this.problem = problem;
  }

  get status(): number {
    return this.problem.status;
  }

  /** Field name → message, from `field` and `errors[]`, for showing next to form inputs. */
  fieldErrors(): Record<string, string> {
    const result: Record<string, string> = {};
    for (const error of this.problem.errors ?? []) result[error.field] = error.message;
    if (this.problem.field && !result[this.problem.field]) {
      result[this.problem.field] = this.problem.detail ?? this.problem.title;
    }
    return result;
  }
}

let csrfToken: string | null = null;
let onUnauthorized: (() => void) | null = null;

/** The token arrives in the login and /auth/me bodies; writes must echo it back. */
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

export function setUnauthorizedHandler(handler: () => void): void {
  onUnauthorized = handler;
}

type Query = Record<string, string | number | null | undefined>;

export function buildUrl(path: string, query?: Query): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value !== undefined && value !== null && value !== '') params.set(key, String(value));
  }
  const search = params.toString();
  return `/api/v1${path}${search ? `?${search}` : ''}`;
}

interface RequestOptions {
  method?: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  query?: Query;
  body?: unknown;
}

export async function apiRequest<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const method = options.method ?? 'GET';
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (options.body !== undefined) headers['Content-Type'] = 'application/json';
  if (method !== 'GET' && csrfToken) headers['X-CSRF-Token'] = csrfToken;

  let response: Response;
  try {
    response = await fetch(buildUrl(path, options.query), {
      method,
      headers,
      credentials: 'same-origin',
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
    });
  } catch {
    throw new ApiError({ title: 'Network error', status: 0, code: 'NETWORK_ERROR' });
  }

  if (response.status === 204) return undefined as T;
  const isJson = (response.headers.get('content-type') ?? '').includes('json');
  const payload: unknown = isJson ? await response.json().catch(() => null) : null;

  if (!response.ok) {
    const problem = (payload as Problem | null) ?? { title: response.statusText || 'Request failed', status: response.status };
    const error = new ApiError({ ...problem, status: problem.status ?? response.status });
    // A failed login is an expected 401 the login form shows; any other 401 means the session ended.
    if (response.status === 401 && path !== '/auth/login') onUnauthorized?.();
    throw error;
  }
  return payload as T;
}

export function isApiError(error: unknown): error is ApiError {
  return error instanceof ApiError;
}
