import { isSlipwayError } from '@slipway/core';
import type { ErrorCode } from '@slipway/core';
import { mlflowErrorFor } from '../mlflow/mlflow-errors.js';

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

/**
 * MLflow's codes and statuses, except that the scoring server answers bad input with BAD_REQUEST
 * (pyfunc's scoring_server) where the tracking API says INVALID_PARAMETER_VALUE.
 */
function scoringCode(code: ErrorCode): readonly [string, number] {
  return code === 'INVALID_ARGUMENT' ? ['BAD_REQUEST', 400] : mlflowErrorFor(code);
}

/** Maps anything thrown while scoring to MLflow's error shape. */
export function toScoringErrorReply(err: unknown): ScoringErrorReply {
  if (isSlipwayError(err)) {
    const [code, status] = scoringCode(err.code);
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
