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
  'alert_source.not_found': 404,
  'alert_source.name_taken': 409,
  'attachment.not_found': 404,
  'attachment.missing': 400,
  'attachment.empty': 400,
  'attachment.too_many_files': 400,
  'attachment.too_large': 413,
  'intake.overloaded': 429,
  'intake.unavailable': 503,
  'directory.person_not_found': 404,
  'directory.handle_taken': 409,
  'directory.unknown_reference': 422,
  'directory.invalid_import': 422,
  'directory.schedule_not_found': 404,
  'directory.override_not_found': 404,
  'oncall.cover_refused': 409,
  'page.not_found': 404,
  'page.forbidden': 403,
  'page.link_invalid': 403,
  'notification_channel.not_found': 404,
  'notification_channel.invalid': 422,
  'notification_channel.secret_key_missing': 422,
  'delivery.not_found': 404,
  'delivery.not_retryable': 409,
  'incident.out_of_band_unchanged': 409,
  'meeting.not_found': 404,
  'chat.not_configured': 409,
  'chat.signature_invalid': 401,
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
