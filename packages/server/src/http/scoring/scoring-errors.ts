import { isSlipwayError } from '@slipway/core';
import type { ErrorCode } from '@slipway/core';

/** MLflow's scoring server error body: `{ "error_code": "BAD_REQUEST", "message": "..." }`. */
export interface ScoringErrorBody {
  error_code: string;
  message: string;
}

export interface ScoringErrorReply {
  status: number;
  body: ScoringErrorBody;
  /** Neither a SlipwayError nor a client error: log it, never send its details. */
  unexpected: boolean;
}

/** SlipwayError code -> MLflow (databricks.proto) error code and HTTP status. */
const CODES: Record<ErrorCode, [string, number]> = {
  INVALID_ARGUMENT: ['BAD_REQUEST', 400],
  NOT_FOUND: ['RESOURCE_DOES_NOT_EXIST', 404],
  ALREADY_EXISTS: ['RESOURCE_ALREADY_EXISTS', 400],
  FAILED_PRECONDITION: ['INVALID_STATE', 400],
  CONFLICT: ['RESOURCE_CONFLICT', 409],
  UNAUTHENTICATED: ['UNAUTHENTICATED', 401],
  PERMISSION_DENIED: ['PERMISSION_DENIED', 403],
  RESOURCE_EXHAUSTED: ['REQUEST_LIMIT_EXCEEDED', 429],
  PAYLOAD_TOO_LARGE: ['RESOURCE_LIMIT_EXCEEDED', 413],
  UNAVAILABLE: ['TEMPORARILY_UNAVAILABLE', 503],
  INTERNAL: ['INTERNAL_ERROR', 500],
};

/** Maps anything thrown while scoring to MLflow's error shape. */
export function toScoringErrorReply(err: unknown): ScoringErrorReply {
  if (isSlipwayError(err)) {
    const [code, status] = CODES[err.code];
    if (err.code === 'INTERNAL') {
      return { status, body: { error_code: code, message: err.message }, unexpected: true };
    }
    return { status, body: { error_code: code, message: err.message }, unexpected: false };
  }
  // Fastify's own client errors (body too large, unreadable body) carry a 4xx status.
  const candidate = err as { statusCode?: unknown; message?: unknown } | null;
  const status = candidate?.statusCode;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    const code = status === 413 ? 'RESOURCE_LIMIT_EXCEEDED' : 'BAD_REQUEST';
    return {
      status,
      body: { error_code: code, message: String(candidate?.message) },
      unexpected: false,
    };
  }
  return {
    status: 500,
    body: {
      error_code: 'INTERNAL_ERROR',
      message: 'Internal server error while scoring the request; see the server log.',
    },
    unexpected: true,
  };
}
