import type { FastifyInstance } from 'fastify';
import { SlipwayError, nativeRoutes as r } from '@slipway/core';
import type { DeploymentStats } from '@slipway/core';
import type { StatsWatch } from '../../serving/deployments/deployment-stats-service.js';
import type { AccessServices, ServingServices } from '../http-services.js';
import { bindRoute } from './bind-route.js';
import type { BindOptions } from './bind-route.js';
import { EventStream } from './event-stream.js';
import { serializeNativeJson } from './json-serializer.js';

const HEARTBEAT_MS = 15_000;
/** A few hundred snapshots: far more than a reading client ever has unread. */
const MAX_BUFFERED_BYTES = 1024 * 1024;

/** Watchers of one deployment get the same snapshot object each tick: encoded once. */
const encoded = new WeakMap<DeploymentStats, string>();

function encode(stats: DeploymentStats): string {
  let text = encoded.get(stats);
  if (text === undefined) {
    text = serializeNativeJson(stats);
    encoded.set(stats, text);
  }
  return text;
}

/** The `end` event: why the server stopped, in the native error shape. */
function endEvent(reason: SlipwayError): { event: string; data: string } {
  const { code, message } = reason;
  return { event: 'end', data: serializeNativeJson({ error: { code, message, details: {} } }) };
}

/**
 * Live deployment statistics: one snapshot, or a server-sent event stream of them. A stream's
 * credentials are authenticated again at each permission recheck, as every request's are, so a
 * revoked or expired token cannot keep one open. Open streams are ended (with an UNAVAILABLE
 * `end` event) when the server starts closing, so shutdown does not wait on clients that would
 * never hang up.
 */
export function deploymentStatsRoutes(
  app: FastifyInstance,
  o: BindOptions,
  { deploymentStats, authenticator }: ServingServices & Pick<AccessServices, 'authenticator'>,
): void {
  const open = new Set<EventStream>();
  app.addHook('preClose', async () => {
    const closing = new SlipwayError({
      code: 'UNAVAILABLE',
      message: 'The server is shutting down; reconnect to watch again.',
    });
    for (const stream of [...open]) stream.finish(endEvent(closing));
  });

  bindRoute(app, o, r.getDeploymentStats, async ({ params, caller }) =>
    deploymentStats.get(caller, params.name),
  );

  bindRoute(app, o, r.streamDeploymentStats, async ({ params, caller, request }) => {
    let watch: StatsWatch | undefined;
    const stream = new EventStream({
      heartbeatMs: HEARTBEAT_MS,
      maxBufferedBytes: MAX_BUFFERED_BYTES,
      onClose: () => {
        open.delete(stream);
        watch?.stop();
      },
    });
    try {
      watch = await deploymentStats.watch(
        caller,
        params.name,
        {
          stats: (snapshot) => stream.send('stats', encode(snapshot)),
          end: (reason) => stream.finish(endEvent(reason)),
        },
        {
          revalidate: () => authenticator.authenticate(request.headers.authorization, request.ip),
        },
      );
    } catch (err) {
      // Refused before anything was sent: the error goes out as a plain JSON reply.
      stream.destroy();
      throw err;
    }
    open.add(stream);
    return stream;
  });
}
