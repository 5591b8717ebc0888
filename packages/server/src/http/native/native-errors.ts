import { SlipwayError, isSlipwayError } from '@slipway/core';
import type { ErrorBody } from '@slipway/core';

export interface ErrorReply {
  status: number;
  body: ErrorBody;
  /** Unexpected failures are logged with their cause; expected ones are the client's business. */
  unexpected: boolean;
}

/** Maps anything thrown while handling a native request to the native error shape. */
export function toErrorReply(err: unknown, bodyLimitBytes: number): ErrorReply {
  const known = isSlipwayError(err) ? err : fromFrameworkError(err, bodyLimitBytes);
  if (known) {
    return {
      status: known.httpStatus,
      body: { error: { code: known.code, message: known.message, details: known.details ?? {} } },
      unexpected: false,
    };
  }
  return {
    status: 500,
    body: {
      error: {
        code: 'INTERNAL',
        message: 'Internal server error; the server log has the details.',
        details: {},
      },
    },
    unexpected: true,
  };
}

/** Fastify's own request errors (bad JSON, body too large, ...) carry a 4xx statusCode and a code. */
function fromFrameworkError(err: unknown, bodyLimitBytes: number): SlipwayError | undefined {
  if (typeof err !== 'object' || err === null) return undefined;
  const { code, statusCode, message } = err as {
    code?: unknown;
    statusCode?: unknown;
    message?: unknown;
  };
  if (typeof statusCode !== 'number' || statusCode < 400 || statusCode >= 500) return undefined;
  switch (code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new SlipwayError({
        code: 'PAYLOAD_TOO_LARGE',
        message: `The request body is larger than the limit of ${bodyLimitBytes} bytes.`,
        details: { limitBytes: bodyLimitBytes },
      });
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return new SlipwayError({
        code: 'INVALID_ARGUMENT',
        message: 'Malformed JSON in the request body.',
      });
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return new SlipwayError({
        code: 'INVALID_ARGUMENT',
        message: 'The request body is empty but Content-Type is application/json.',
      });
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new SlipwayError({
        code: 'INVALID_ARGUMENT',
        message: 'Unsupported Content-Type: send JSON bodies as application/json.',
      });
    default:
      return new SlipwayError({
        code:
          statusCode === 404
            ? 'NOT_FOUND'
            : statusCode === 413
              ? 'PAYLOAD_TOO_LARGE'
              : 'INVALID_ARGUMENT',
        message: typeof message === 'string' && message ? message : 'Bad request.',
      });
  }
}
