import { isSlipwayError } from '@slipway/core';
import type { RunContext } from './run-context.js';

export interface Heartbeat {
  stop(): void;
  /** Why the step was taken away from this runner, when it was. */
  readonly lost: string | undefined;
}

/**
 * Tells the server every `heartbeatMs` that the step is still running here. The answer says when
 * the run was cancelled through the API (everything stops); a CONFLICT says the server has given
 * the step to another worker (this attempt stops). Other failures are reported and ignored: a
 * server that is briefly unreachable should not kill a long step.
 */
export function startHeartbeat(ctx: RunContext, stepKey: string, stop: AbortController): Heartbeat {
  let lost: string | undefined;
  let busy = false;
  const timer = setInterval(() => {
    if (busy) return;
    busy = true;
    ctx.recorder
      .heartbeat(ctx.runId, stepKey, ctx.worker)
      .then(({ cancelRequested }) => {
        if (cancelRequested) ctx.cancelledRemotely();
      })
      .catch((err: unknown) => {
        if (isSlipwayError(err) && err.code === 'CONFLICT') {
          lost = `stopped: the server no longer counts this runner as running it (${err.message})`;
          stop.abort();
          return;
        }
        ctx.events.warning?.(
          `${stepKey}: heartbeat failed (${err instanceof Error ? err.message : String(err)})`,
        );
      })
      .finally(() => (busy = false));
  }, ctx.heartbeatMs);
  return {
    stop: () => clearInterval(timer),
    get lost() {
      return lost;
    },
  };
}
