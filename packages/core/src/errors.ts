/** The one error type of Slipway. Every layer throws this; each API surface maps `code` to its own wire shape. */
export type ErrorCode =
  | 'INVALID_ARGUMENT'
  | 'NOT_FOUND'
  | 'ALREADY_EXISTS'
  | 'FAILED_PRECONDITION'
  | 'CONFLICT'
  | 'UNAUTHENTICATED'
  | 'PERMISSION_DENIED'
  | 'RESOURCE_EXHAUSTED'
  | 'PAYLOAD_TOO_LARGE'
  | 'UNAVAILABLE'
  | 'INTERNAL';

export const ERROR_CODES: readonly ErrorCode[] = [
  'INVALID_ARGUMENT',
  'NOT_FOUND',
  'ALREADY_EXISTS',
  'FAILED_PRECONDITION',
  'CONFLICT',
  'UNAUTHENTICATED',
  'PERMISSION_DENIED',
  'RESOURCE_EXHAUSTED',
  'PAYLOAD_TOO_LARGE',
  'UNAVAILABLE',
  'INTERNAL',
];

const HTTP_STATUS: Record<ErrorCode, number> = {
  INVALID_ARGUMENT: 400,
  NOT_FOUND: 404,
  ALREADY_EXISTS: 409,
  FAILED_PRECONDITION: 412,
  CONFLICT: 409,
  UNAUTHENTICATED: 401,
  PERMISSION_DENIED: 403,
  RESOURCE_EXHAUSTED: 429,
  PAYLOAD_TOO_LARGE: 413,
  UNAVAILABLE: 503,
  INTERNAL: 500,
};

export function httpStatusFor(code: ErrorCode): number {
  return HTTP_STATUS[code];
}

export interface SlipwayErrorInit {
  code: ErrorCode;
  message: string;
  details?: Record<string, unknown>;
  cause?: unknown;
}

export class SlipwayError extends Error {
  readonly code: ErrorCode;
  readonly details: Record<string, unknown> | undefined;

  constructor(init: SlipwayErrorInit) {
    super(init.message, init.cause === undefined ? undefined : { cause: init.cause });
    this.name = 'SlipwayError';
    this.code = init.code;
    this.details = init.details;
  }

  get httpStatus(): number {
    return httpStatusFor(this.code);
  }
}

export function isSlipwayError(err: unknown): err is SlipwayError {
  return err instanceof SlipwayError;
}

export function invalidArgument(message: string, details?: Record<string, unknown>): SlipwayError {
  return new SlipwayError({ code: 'INVALID_ARGUMENT', message, ...(details ? { details } : {}) });
}

export function notFound(message: string, details?: Record<string, unknown>): SlipwayError {
  return new SlipwayError({ code: 'NOT_FOUND', message, ...(details ? { details } : {}) });
}

export function alreadyExists(message: string, details?: Record<string, unknown>): SlipwayError {
  return new SlipwayError({ code: 'ALREADY_EXISTS', message, ...(details ? { details } : {}) });
}

export function failedPrecondition(
  message: string,
  details?: Record<string, unknown>,
): SlipwayError {
  return new SlipwayError({
    code: 'FAILED_PRECONDITION',
    message,
    ...(details ? { details } : {}),
  });
}
