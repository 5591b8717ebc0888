import { Metadata, status } from '@grpc/grpc-js';
import type { ServerErrorResponse } from '@grpc/grpc-js';
import { isSlipwayError } from '@slipway/core';
import type { ErrorCode } from '@slipway/core';

const STATUS_OF: Record<ErrorCode, status> = {
  INVALID_ARGUMENT: status.INVALID_ARGUMENT,
  NOT_FOUND: status.NOT_FOUND,
  ALREADY_EXISTS: status.ALREADY_EXISTS,
  FAILED_PRECONDITION: status.FAILED_PRECONDITION,
  CONFLICT: status.ABORTED,
  UNAUTHENTICATED: status.UNAUTHENTICATED,
  PERMISSION_DENIED: status.PERMISSION_DENIED,
  RESOURCE_EXHAUSTED: status.RESOURCE_EXHAUSTED,
  PAYLOAD_TOO_LARGE: status.RESOURCE_EXHAUSTED,
  UNAVAILABLE: status.UNAVAILABLE,
  INTERNAL: status.INTERNAL,
};

export interface GrpcErrorResult {
  error: ServerErrorResponse;
  /** Not a SlipwayError: log it, and send a generic INTERNAL message instead of its details. */
  unexpected: boolean;
}

export function toGrpcError(err: unknown): GrpcErrorResult {
  if (isSlipwayError(err)) {
    return {
      error: {
        name: 'SlipwayError',
        message: err.message,
        code: STATUS_OF[err.code],
        metadata: new Metadata(),
      },
      unexpected: false,
    };
  }
  return {
    error: {
      name: 'Error',
      message: 'Internal server error while serving the request; see the server log.',
      code: status.INTERNAL,
    },
    unexpected: true,
  };
}
