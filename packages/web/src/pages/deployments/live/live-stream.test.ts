import { describe, expect, it } from 'vitest';
import { SlipwayError } from '@slipway/core';
import type { DeploymentStats } from '@slipway/core';
import type { SlipwayClient } from '@slipway/sdk';
import type { LiveChunk } from './live-history.js';
import { liveStatsStream } from './live-stream.js';

const stats = (time: number) => ({ time }) as DeploymentStats;

/**
 * A client whose n-th stream yields `plan[n]`'s snapshots, then throws its error, or else stays
 * open until aborted, as a live stream does.
 */
function fakeClient(plan: { times: number[]; error?: Error }[]) {
  const opened: string[] = [];
  const client = {
    deployments: {
      async *streamStats(name: string, options: { signal?: AbortSignal } = {}) {
        opened.push(name);
        const step = plan.shift() ?? { times: [] };
        for (const time of step.times) yield stats(time);
        if (step.error !== undefined) throw step.error;
        await new Promise<void>((resolve) =>
          options.signal?.addEventListener('abort', () => resolve(), { once: true }),
        );
      },
    },
  } as unknown as Pick<SlipwayClient, 'deployments'>;
  return { client, opened };
}

const describeChunk = (chunk: LiveChunk) =>
  chunk.kind === 'stats' ? `stats ${chunk.stats.time}` : chunk.kind;

async function take(stream: AsyncGenerator<LiveChunk>, count: number): Promise<string[]> {
  const seen: string[] = [];
  for await (const chunk of stream) {
    seen.push(describeChunk(chunk));
    if (seen.length === count) break;
  }
  return seen;
}

const lost = () => new SlipwayError({ code: 'UNAVAILABLE', message: 'cut off' });
const fast = { firstMs: 1, longestMs: 4 };

describe('the live statistics stream', () => {
  it('reopens a lost stream and says so, carrying on where it was', async () => {
    const { client, opened } = fakeClient([
      { times: [1, 2], error: lost() },
      { times: [], error: lost() },
      { times: [3] },
    ]);
    const controller = new AbortController();
    const seen = await take(liveStatsStream(client, 'scorer', controller.signal, fast), 8);
    expect(seen).toEqual([
      'connecting',
      'stats 1',
      'stats 2',
      'lost',
      'connecting',
      'lost',
      'connecting',
      'stats 3',
    ]);
    expect(opened).toEqual(['scorer', 'scorer', 'scorer']);
    controller.abort();
  });

  it('ends on a refusal with the server’s error, and quietly when aborted', async () => {
    const denied = new SlipwayError({ code: 'PERMISSION_DENIED', message: 'needs READ' });
    const refused = fakeClient([{ times: [1], error: denied }]);
    const stream = liveStatsStream(refused.client, 'scorer', new AbortController().signal, fast);
    await expect(take(stream, 10)).rejects.toBe(denied);

    const controller = new AbortController();
    const open = fakeClient([]);
    const chunks = liveStatsStream(open.client, 'scorer', controller.signal, fast);
    expect(describeChunk((await chunks.next()).value as LiveChunk)).toBe('connecting');
    const next = chunks.next();
    controller.abort();
    expect(await next).toEqual({ done: true, value: undefined });
  });
});
