import { isSlipwayError } from '@slipway/sdk';
import type { SlipwayClient } from '@slipway/sdk';
import type { LiveChunk } from './live-history.js';

/** How long to wait before reopening a lost stream: doubling from `firstMs` up to `longestMs`. */
export interface RetryDelays {
  firstMs: number;
  longestMs: number;
}

const RETRY: RetryDelays = { firstMs: 1_000, longestMs: 15_000 };

/** Resolves after `ms`, or at once when `signal` aborts. */
function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}

/**
 * A deployment's statistics stream that survives dropped connections: the SDK's stream (one
 * `stats` event a second), reopened with a growing delay (1 s to 15 s) when it is lost
 * (UNAVAILABLE: the network, a proxy or a server restart), with `connecting` and `lost` chunks
 * so the page can say so. Any other end (NOT_FOUND: deleted, PERMISSION_DENIED, UNAUTHENTICATED)
 * throws, to be shown. Aborting `signal` closes the connection and ends the iteration.
 */
export async function* liveStatsStream(
  client: Pick<SlipwayClient, 'deployments'>,
  name: string,
  signal: AbortSignal,
  retry: RetryDelays = RETRY,
): AsyncGenerator<LiveChunk, void, undefined> {
  let delay = retry.firstMs;
  while (!signal.aborted) {
    yield { kind: 'connecting' };
    try {
      for await (const stats of client.deployments.streamStats(name, { signal })) {
        delay = retry.firstMs;
        yield { kind: 'stats', stats };
      }
    } catch (err) {
      if (signal.aborted) return;
      if (!isSlipwayError(err) || err.code !== 'UNAVAILABLE') throw err;
      yield { kind: 'lost', error: err };
      await pause(delay, signal);
      delay = Math.min(delay * 2, retry.longestMs);
    }
  }
}
