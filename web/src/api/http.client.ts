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
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
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

  if (!response.ok) throw failedRequest(path, response.status, response.statusText, payload);
  return payload as T;
}

function failedRequest(path: string, status: number, statusText: string, payload: unknown): ApiError {
  const problem = (payload as Problem | null) ?? { title: statusText || 'Request failed', status };
  // A failed login is an expected 401 the login form shows; any other 401 means the session ended.
  if (status === 401 && path !== '/auth/login') onUnauthorized?.();
  return new ApiError({ ...problem, status: problem.status ?? status });
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

interface UploadOptions {
  query?: Query;
  /** Sent as the raw request body, not as a form. */
  file: Blob;
  contentType: string;
  /** The share of the file sent so far, 0 to 1. */
  onProgress?: (share: number) => void;
}

/** POSTs a file. XMLHttpRequest rather than fetch, because only it reports upload progress. */
export function apiUpload<T>(path: string, options: UploadOptions): Promise<T> {
  return new Promise((resolve, reject) => {
    const request = new XMLHttpRequest();
    request.open('POST', buildUrl(path, options.query));
    request.setRequestHeader('Accept', 'application/json');
    request.setRequestHeader('Content-Type', options.contentType);
    if (csrfToken) request.setRequestHeader('X-CSRF-Token', csrfToken);
    request.upload.onprogress = (event) => {
      if (event.lengthComputable) options.onProgress?.(event.loaded / event.total);
    };
    request.onerror = () => reject(new ApiError({ title: 'Network error', status: 0, code: 'NETWORK_ERROR' }));
    request.onload = () => {
      const isJson = (request.getResponseHeader('content-type') ?? '').includes('json');
      const payload = isJson ? parseJson(request.responseText) : null;
      if (request.status >= 200 && request.status < 300) resolve(payload as T);
      else reject(failedRequest(path, request.status, request.statusText, payload));
    };
    request.send(options.file);
  });
}

/** GETs a text body, e.g. a CSV report. */
export async function apiText(path: string, options: { query?: Query } = {}): Promise<string> {
  let response: Response;
  try {
    response = await fetch(buildUrl(path, options.query), { credentials: 'same-origin' });
  } catch {
    throw new ApiError({ title: 'Network error', status: 0, code: 'NETWORK_ERROR' });
  }
  if (!response.ok) {
    const isJson = (response.headers.get('content-type') ?? '').includes('json');
    throw failedRequest(path, response.status, response.statusText, isJson ? await response.json().catch(() => null) : null);
  }
  return response.text();
}

export function isApiError(error: unknown): error is ApiError {
  return error instanceof ApiError;
}
