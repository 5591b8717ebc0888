import { SlipwayError, errorBodySchema, nativeRoutes as r } from '@slipway/core';
import type { DeploymentStats } from '@slipway/core';
import { readServerSentEvents } from './server-sent-events.js';
import type { Transport } from './transport.js';

function parseJson(data: string, what: string): unknown {
  try {
    return JSON.parse(data) as unknown;
  } catch {
    throw new SlipwayError({
      code: 'INTERNAL',
      message: `Unexpected ${what} in the statistics stream: not JSON. Is the server a compatible Slipway version?`,
    });
  }
}

function statsOf(data: string): DeploymentStats {
  const parsed = r.getDeploymentStats.response.safeParse(parseJson(data, 'stats event'));
  if (!parsed.success) {
    throw new SlipwayError({
      code: 'INTERNAL',
      message: `Unexpected stats event: ${parsed.error.issues[0]?.message ?? 'invalid shape'}. Is the server a compatible Slipway version?`,
    });
  }
  return parsed.data;
}

/** Why the server ended the stream, as the error it sent. */
function endOf(data: string): SlipwayError {
  const parsed = errorBodySchema.safeParse(parseJson(data, 'end event'));
  if (!parsed.success) {
    return new SlipwayError({ code: 'UNAVAILABLE', message: 'The server ended the stream.' });
  }
  const { code, message, details } = parsed.data.error;
  return new SlipwayError({ code, message, details });
}

/**
 * The snapshots of GET /api/v1/deployments/{name}/stats/stream as they arrive. Ends (without an
 * error) when `signal` aborts or the consumer stops iterating, either of which closes the
 * connection; throws the server's reason when it ends the stream (NOT_FOUND, PERMISSION_DENIED,
 * UNAUTHENTICATED, UNAVAILABLE while shutting down), and UNAVAILABLE when the connection drops.
 */
export async function* streamDeploymentStats(
  transport: Transport,
  name: string,
  signal?: AbortSignal,
): AsyncGenerator<DeploymentStats, void, undefined> {
  if (signal?.aborted === true) return;
  // Our own controller, so that stopping the iteration also closes the connection.
  const controller = new AbortController();
  const forward = () => controller.abort();
  signal?.addEventListener('abort', forward, { once: true });
  try {
    let response: Response;
    try {
      response = await transport.openEventStream(
        r.streamDeploymentStats,
        { name },
        controller.signal,
      );
    } catch (err) {
      if (controller.signal.aborted) return;
      throw err;
    }
    if (response.body === null) throw lost();
    try {
      for await (const event of readServerSentEvents(response.body)) {
        if (event.event === 'stats') yield statsOf(event.data);
        else if (event.event === 'end') throw endOf(event.data);
      }
    } catch (err) {
      if (controller.signal.aborted) return;
      if (err instanceof SlipwayError) throw err;
      throw lost(err);
    }
    if (!controller.signal.aborted) throw lost();
  } finally {
    signal?.removeEventListener('abort', forward);
    controller.abort();
  }
}

function lost(cause?: unknown): SlipwayError {
  return new SlipwayError({
    code: 'UNAVAILABLE',
    message:
      'The statistics stream was cut off before the server ended it; stream again to reconnect.',
    ...(cause === undefined ? {} : { cause }),
  });
}
