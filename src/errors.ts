/**
 * One error type for the whole service. Domain code throws AppError with a stable code;
 * the HTTP layer maps it once (http/middleware/problem.ts) to application/problem+json.
 * Business outcomes (withhold, needs_legal_review) are values, never errors.
 */
export const ERROR_STATUS = {
  VALIDATION_FAILED: 400,
  MALFORMED_BODY: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  METHOD_NOT_ALLOWED: 405,
  CONFLICT: 409,
  INVALID_TRANSITION: 409,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  UNPROCESSABLE: 422,
  DB_UNAVAILABLE: 503,
  NOT_READY: 503,
  IDP_UNAVAILABLE: 503,
  AUDIT_UNAVAILABLE: 503,
  INTERNAL: 500,
} as const;
export type ErrorCode = keyof typeof ERROR_STATUS;

export const ERROR_TITLES: Record<ErrorCode, string> = {
  VALIDATION_FAILED: 'The request has invalid fields',
  MALFORMED_BODY: 'The request body could not be read',
  UNAUTHENTICATED: 'Authentication required',
  FORBIDDEN: 'Not allowed for this role',
  NOT_FOUND: 'Not found',
  METHOD_NOT_ALLOWED: 'Method not allowed',
  CONFLICT: 'Conflict with the current state',
  INVALID_TRANSITION: 'That change is not possible in the current state',
  PAYLOAD_TOO_LARGE: 'Request body too large',
  UNSUPPORTED_MEDIA_TYPE: 'Unsupported content type',
  UNPROCESSABLE: 'The request refers to something that does not exist or cannot be used',
  DB_UNAVAILABLE: 'The database is unavailable',
  NOT_READY: 'Not ready',
  IDP_UNAVAILABLE: 'The identity provider is unavailable',
  AUDIT_UNAVAILABLE: 'The audit trail could not record this request',
  INTERNAL: 'Internal error',
};

export interface FieldError {
  /**
   * Dotted path of the field. Domain code names the bare field (knownAt, location.nonpublic); the HTTP
   * layer prefixes where the value was sent (body.knownAt, query.limit, params.id).
   */
  path: string;
  message: string;
}

export class AppError extends Error {
  readonly status: number;
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly errors: FieldError[] = [],
    /** Extra members added to the problem document (e.g. blocking reasons, stored counts). */
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'AppError';
    this.status = ERROR_STATUS[code];
  }
}

export const notFound = (what: string, id: string) => new AppError('NOT_FOUND', `${what} ${JSON.stringify(id)} does not exist`);
