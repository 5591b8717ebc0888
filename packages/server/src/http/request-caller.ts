import { SlipwayError } from '@slipway/core';
import type { Caller } from '@slipway/core';
import type { FastifyRequest } from 'fastify';

declare module 'fastify' {
  interface FastifyRequest {
    /** Who sent the request, as authentication established it (see installAuthentication). */
    caller: Caller | null;
  }
}

/**
 * The authenticated caller of a request. Every route but the open ones (health, readiness) runs
 * after authentication, so a missing caller is a wiring bug: refused, never defaulted.
 */
export function callerOf(request: FastifyRequest): Caller {
  const { caller } = request;
  if (caller === null) {
    throw new SlipwayError({
      code: 'UNAUTHENTICATED',
      message: 'This request was not authenticated.',
    });
  }
  return caller;
}
