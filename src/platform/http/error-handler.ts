import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { AppError, ERROR_STATUS, type ErrorCode } from '../errors.ts';

type ErrorBody = { error: { code: ErrorCode; message: string; details?: unknown; requestId: string } };

/** Fastify's own client errors, mapped to stable codes. */
const FASTIFY_CODES: Record<string, { code: ErrorCode; message: string }> = {
  FST_ERR_CTP_BODY_TOO_LARGE: { code: 'request.too_large', message: 'The request body is too large.' },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: {
    code: 'request.unsupported_media_type',
    message: 'Send JSON (content-type: application/json).',
  },
  FST_ERR_CTP_EMPTY_JSON_BODY: { code: 'request.malformed', message: 'The JSON body is empty.' },
  FST_ERR_CTP_INVALID_JSON_BODY: { code: 'request.malformed', message: 'The body is not valid JSON.' },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: {
    code: 'request.malformed',
    message: 'The content-length does not match the body.',
  },
  FST_ERR_CTP_INVALID_TYPE: { code: 'request.malformed', message: 'The content-type header is invalid.' },
  FST_ERR_BAD_URL: { code: 'request.malformed', message: 'The URL is malformed.' },
  FST_ERR_MAX_PARAM_LENGTH: { code: 'request.malformed', message: 'A value in the URL is too long.' },
  FST_ERR_ASYNC_CONSTRAINT: { code: 'request.malformed', message: 'The request is malformed.' },
};

/**
 * The one place that turns errors into HTTP answers: `{ error: { code, message, details?, requestId } }`.
 * Client errors are 4xx with a stable code; anything unexpected is a 500 with no stack or SQL in the body.
 */
export function installErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    const body = toErrorBody(error, request.id);
    const status = ERROR_STATUS[body.error.code];
    if (status >= 500) request.log.error({ err: error }, 'request failed');
    if (body.error.code === 'request.rate_limited' && !reply.getHeader('retry-after'))
      reply.header('retry-after', '1');
    return reply.status(status).send(body);
  });
  app.setNotFoundHandler((request, reply) => {
    const body: ErrorBody = {
      error: {
        code: 'route.not_found',
        message: `No route ${request.method} ${request.url.split('?')[0]}.`,
        requestId: request.id,
      },
    };
    return reply.status(404).send(body);
  });
}

/** For Fastify's `frameworkErrors`: errors raised before a route runs, in the same shape as all others. */
export function sendFrameworkError(error: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  const body = toErrorBody(error, request.id);
  void reply.status(ERROR_STATUS[body.error.code]).header('x-request-id', request.id).send(body);
}

function toErrorBody(error: FastifyError, requestId: string): ErrorBody {
  if (error instanceof AppError) {
    return {
      error: {
        code: error.code,
        message: error.message,
        ...(error.details !== undefined ? { details: error.details } : {}),
        requestId,
      },
    };
  }
  if (hasZodFastifySchemaValidationErrors(error)) {
    const details = error.validation.map((v) => ({
      path: `${error.validationContext ?? 'body'}${v.instancePath.replaceAll('/', '.')}`,
      message: v.message ?? 'is invalid',
      ...(v.params && typeof v.params === 'object' && 'issue' in v.params
        ? { issue: (v.params.issue as { code?: string }).code }
        : {}),
    }));
    const first = details[0];
    return {
      error: {
        code: 'validation.failed',
        message: first ? `${first.path}: ${first.message}` : 'The request is invalid.',
        details,
        requestId,
      },
    };
  }
  const known = error.code ? FASTIFY_CODES[error.code] : undefined;
  if (known) return { error: { ...known, requestId } };
  if (error.statusCode === 429)
    return { error: { code: 'request.rate_limited', message: 'Too many requests; slow down.', requestId } };
  if (
    error instanceof SyntaxError ||
    (error.statusCode && error.statusCode >= 400 && error.statusCode < 500)
  ) {
    return { error: { code: 'request.malformed', message: 'The request is malformed.', requestId } };
  }
  return {
    error: {
      code: 'internal',
      message: 'Something went wrong on our side. The request ID identifies it in the server log.',
      requestId,
    },
  };
}
