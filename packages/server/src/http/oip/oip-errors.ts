import { httpStatusFor, isSlipwayError } from '@slipway/core';

export interface OipErrorReply {
  status: number;
  /** `$inference_error_response` and friends: `{ "error": "<message>" }`. */
  body: { error: string };
  /** Not a SlipwayError nor a client error: log it with its cause, never send its details. */
  unexpected: boolean;
}

/** Maps anything thrown while serving a /v2 request to the protocol's error shape. */
export function toOipErrorReply(err: unknown): OipErrorReply {
  if (isSlipwayError(err)) {
    return { status: httpStatusFor(err.code), body: { error: err.message }, unexpected: false };
  }
  // Fastify's own errors (an unparsable URL, a timeout) carry a 4xx status and a safe message.
  const candidate = err as { statusCode?: unknown; message?: unknown } | null;
  const status = candidate?.statusCode;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    return { status, body: { error: String(candidate?.message) }, unexpected: false };
  }
  return {
    status: 500,
    body: { error: 'Internal server error while serving the request; see the server log.' },
    unexpected: true,
  };
}
