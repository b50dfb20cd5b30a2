import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { AppError, PlatformErrors, type FieldProblem } from '../errors.ts';

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

/** RFC 9457 problem details, with our stable `code` and the offending `field`. */
export interface ProblemBody {
  type: string;
  title: string;
  status: number;
  detail?: string;
  code: string;
  field?: string;
  errors?: FieldProblem[];
  instance: string;
  request_id: string;
}

function fromValidation(error: FastifyError & { validationContext?: string }): AppError {
  const validation = (error.validation ?? []) as { keyword: string; instancePath: string; message?: string; params?: Record<string, unknown> }[];
  const problems: FieldProblem[] = [];
  for (const issue of validation) {
    const path = issue.instancePath.replace(/^\//, '').replaceAll('/', '.');
    if (issue.keyword === 'unrecognized_keys') {
      for (const key of (issue.params?.keys as string[] | undefined) ?? []) {
        problems.push({ field: path ? `${path}.${key}` : key, code: 'UNKNOWN_FIELD', message: `Unknown field "${key}"` });
      }
    } else {
      problems.push({ field: path || (error.validationContext ?? 'body'), code: issue.keyword.toUpperCase(), message: issue.message ?? 'Invalid value' });
    }
  }
  const first = problems[0];
  const isUnknownField = first?.code === 'UNKNOWN_FIELD';
  const factory = isUnknownField ? PlatformErrors.UNKNOWN_FIELD : PlatformErrors.VALIDATION_FAILED;
  return factory({ field: first?.field, errors: problems, detail: first ? `${first.field}: ${first.message}` : undefined });
}

/** Maps anything thrown in a request to an AppError with a stable code. */
export function toAppError(error: unknown): AppError {
  if (error instanceof AppError) return error;
  const e = error as FastifyError & { validationContext?: string };
  if (hasZodFastifySchemaValidationErrors(e)) return fromValidation(e);
  switch (e?.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return PlatformErrors.PAYLOAD_TOO_LARGE();
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return PlatformErrors.UNSUPPORTED_MEDIA_TYPE();
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return PlatformErrors.VALIDATION_FAILED({ field: 'body', detail: 'The body must not be empty' });
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return PlatformErrors.MALFORMED_JSON({ field: 'body' });
  }
  if (e instanceof SyntaxError && e.statusCode === 400) return PlatformErrors.MALFORMED_JSON({ field: 'body' });
  if (e?.statusCode === 429) return PlatformErrors.RATE_LIMITED();
  if (e?.statusCode && e.statusCode >= 400 && e.statusCode < 500) {
    return new AppError(e.code ?? 'BAD_REQUEST', { status: e.statusCode, title: e.message });
  }
  return PlatformErrors.INTERNAL();
}

export function sendProblem(request: FastifyRequest, reply: FastifyReply, error: AppError) {
  const body: ProblemBody = {
    type: `/problems/${error.code.toLowerCase().replaceAll('_', '-')}`,
    title: error.title,
    status: error.status,
    code: error.code,
    instance: request.url,
    request_id: String(request.id),
  };
  if (error.message && error.message !== error.title) body.detail = error.message;
  if (error.field) body.field = error.field;
  if (error.errors) body.errors = error.errors;
  return reply.code(error.status).type(PROBLEM_CONTENT_TYPE).serializer(JSON.stringify).send(body);
}
