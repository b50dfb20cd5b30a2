/**
 * Errors with a stable machine code and an HTTP status. The HTTP layer renders them as
 * RFC 9457 problem+json. Each module declares its own codes next to its code with defineErrors().
 */
export interface ErrorSpec {
  status: number;
  title: string;
}

export interface FieldProblem {
  field: string;
  code: string;
  message: string;
}

export class AppError extends Error {
  readonly code: string;
  readonly status: number;
  readonly title: string;
  readonly field?: string;
  readonly errors?: FieldProblem[];

  constructor(code: string, spec: ErrorSpec, options: { detail?: string; field?: string; errors?: FieldProblem[] } = {}) {
    super(options.detail ?? spec.title);
    this.code = code;
    this.status = spec.status;
    this.title = spec.title;
    this.field = options.field;
    this.errors = options.errors;
  }
}

type ErrorFactory = (options?: { detail?: string; field?: string; errors?: FieldProblem[] }) => AppError;

export function defineErrors<const T extends Record<string, ErrorSpec>>(specs: T): { [K in keyof T]: ErrorFactory } {
  const factories = {} as { [K in keyof T]: ErrorFactory };
  for (const code of Object.keys(specs) as (keyof T & string)[]) {
    factories[code] = (options) => new AppError(code, specs[code]!, options);
  }
  return factories;
}

export const PlatformErrors = defineErrors({
  VALIDATION_FAILED: { status: 400, title: 'The request is not valid' },
  UNKNOWN_FIELD: { status: 400, title: 'The request has a field that is not allowed' },
  MALFORMED_JSON: { status: 400, title: 'The request body is not valid JSON' },
  INVALID_CURSOR: { status: 400, title: 'The pagination cursor is not valid' },
  UNAUTHENTICATED: { status: 401, title: 'Authentication is required' },
  INVALID_CREDENTIALS: { status: 401, title: 'The email or password is wrong' },
  INVALID_API_KEY: { status: 401, title: 'The API key is not valid or was revoked' },
  CSRF_TOKEN_INVALID: { status: 403, title: 'The CSRF token is missing or wrong' },
  FORBIDDEN: { status: 403, title: 'You do not have permission to do this' },
  FIELD_READ_ONLY: { status: 403, title: 'You may not change this field' },
  NOT_A_MEMBER: { status: 403, title: 'You are not a member of this workspace' },
  NOT_FOUND: { status: 404, title: 'The record does not exist' },
  ROUTE_NOT_FOUND: { status: 404, title: 'There is no such route' },
  METHOD_NOT_ALLOWED: { status: 405, title: 'The method is not allowed here' },
  CONFLICT: { status: 409, title: 'The record conflicts with an existing one' },
  IDEMPOTENCY_IN_PROGRESS: { status: 409, title: 'A request with this idempotency key is still being processed' },
  IDEMPOTENCY_KEY_REUSED: { status: 422, title: 'The idempotency key was used with a different request' },
  PAYLOAD_TOO_LARGE: { status: 413, title: 'The request body is too large' },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, title: 'The content type is not supported' },
  RATE_LIMITED: { status: 429, title: 'Too many requests; try again later' },
  SHUTTING_DOWN: { status: 503, title: 'The server is shutting down' },
  INTERNAL: { status: 500, title: 'Something went wrong on our side' },
});
