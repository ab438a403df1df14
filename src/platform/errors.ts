/**
 * One error type with stable dotted codes. Features throw AppError; only the HTTP edge maps a code to a
 * status (ERROR_STATUS below), so the same error reads the same in the API, the CLI and the web app.
 */
export const ERROR_STATUS = {
  'validation.failed': 400,
  'request.malformed': 400,
  'request.too_large': 413,
  'request.unsupported_media_type': 415,
  'request.rate_limited': 429,
  'route.not_found': 404,
  'auth.unauthenticated': 401,
  'auth.invalid_credentials': 401,
  'auth.forbidden': 403,
  'auth.setup_unavailable': 409,
  'auth.setup_secret_invalid': 401,
  'user.not_found': 404,
  'user.username_taken': 409,
  'user.unknown_role': 422,
  'token.not_found': 404,
  'event.not_found': 404,
  'event.already_disposed': 409,
  'event.invalid_reason': 422,
  'incident.not_found': 404,
  'incident.invalid_transition': 409,
  'incident.closure_gate': 422,
  'incident.unknown_severity': 422,
  'incident.unknown_type': 422,
  'incident.unknown_phase': 422,
  'incident.unknown_role': 422,
  'incident.unknown_field_value': 422,
  'incident.closed': 409,
  'incident.severity_unchanged': 409,
  'rca.not_found': 404,
  'policy.invalid': 422,
  'policy.version_not_found': 404,
  'policy.none_active': 503,
  'audit.forbidden': 403,
  'database.busy': 503,
  internal: 500,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly details: unknown;
  constructor(code: ErrorCode, message: string, options: { details?: unknown; cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.name = 'AppError';
    this.code = code;
    this.details = options.details;
  }
  get status(): number {
    return ERROR_STATUS[this.code];
  }
}

export const isAppError = (e: unknown): e is AppError => e instanceof AppError;
