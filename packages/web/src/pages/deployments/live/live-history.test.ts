import { describe, expect, it } from 'vitest';
import type { DeploymentStats } from '@slipway/core';
import { EMPTY_HISTORY, HISTORY_MS, appendSnapshot, reduceLive } from './live-history.js';
import type { LiveHistory } from './live-history.js';
import { liveColumns, spanOf, versionKeys } from './live-series.js';

const figures = (rps: number) => ({
  requests: rps * 60,
  errors: 0,
  clientErrors: 0,
  errorRate: rps === 0 ? null : 0,
  rps,
  p50LatencyMs: rps === 0 ? null : 2,
  p95LatencyMs: rps === 0 ? null : 5,
  p99LatencyMs: rps === 0 ? null : 9,
});

function snapshot(time: number, stable: number, candidate: number): DeploymentStats {
  return {
    deployment: 'scorer',
    policy: 'canary',
    status: 'ready',
    revision: 1,
    time,
    windowSeconds: 60,
    coveredSeconds: 60,
    overall: figures(stable + candidate),
    versions: [
      {
        variant: 'stable',
        model: { name: 'scorer', version: '1' },
        role: 'serving',
        trafficPercent: 50,
        observedPercent: null,
        ...figures(stable),
      },
      {
        variant: 'candidate',
        model: { name: 'scorer', version: '2' },
        role: 'serving',
        trafficPercent: 50,
        observedPercent: null,
        ...figures(candidate),
      },
    ],
  };
}

function feed(times: number[]): LiveHistory {
  return times.reduce(
    (history, time, i) => appendSnapshot(history, snapshot(time, i, 2 * i)),
    EMPTY_HISTORY,
  );
}

describe('the live history', () => {
  it('keeps each snapshot as a point, with the rate of every version', () => {
    const history = feed([1_000, 2_000, 3_000]);
    expect(history.latest?.time).toBe(3_000);
    expect(history.points.map((p) => [p.time, p.rps])).toEqual([
      [1_000, 0],
      [2_000, 3],
      [3_000, 6],
    ]);
    expect(history.points[2]?.versions).toEqual({
      'stable · scorer v1': 2,
      'candidate · scorer v2': 4,
    });
    expect(versionKeys(history.points)).toEqual(['stable · scorer v1', 'candidate · scorer v2']);
  });

  it('ignores a repeated snapshot (a reconnection starts with one) except as the latest', () => {
    const history = appendSnapshot(feed([1_000, 2_000]), snapshot(2_000, 50, 50));
    expect(history.points).toHaveLength(2);
    expect(history.latest?.overall.rps).toBe(100);
  });

  it('says where the connection is: connecting, live, reconnecting after a loss', () => {
    let history = reduceLive(EMPTY_HISTORY, { kind: 'connecting' });
    expect(history.connection).toBe('connecting');
    history = reduceLive(history, { kind: 'stats', stats: snapshot(1_000, 1, 1) });
    expect(history.connection).toBe('live');
    const lost = new Error('cut off');
    history = reduceLive(history, { kind: 'lost', error: lost });
    expect(history).toMatchObject({ connection: 'reconnecting', lostBecause: lost });
    expect(history.points).toHaveLength(1);
    history = reduceLive(history, { kind: 'stats', stats: snapshot(2_000, 1, 1) });
    expect(history.connection).toBe('live');
    expect(history.lostBecause).toBeUndefined();
  });

  it('forgets what is older than its span, however long the page stays open', () => {
    const times = Array.from({ length: 2_000 }, (_, i) => (i + 1) * 1_000);
    const history = feed(times);
    expect(history.points.length).toBe(HISTORY_MS / 1_000 + 1);
    expect(history.points[0]?.time).toBe(2_000_000 - HISTORY_MS);
  });
});

describe('the live chart columns', () => {
  const lines = [
    { label: 'All', value: (p: { rps: number }) => p.rps },
    { label: 'p95', value: (p: { p95: number | null }) => p.p95 },
  ];

  it('takes the last span in seconds, from its start, with a gap where the stream paused', () => {
    const history = feed([1_000, 2_000, 3_000, 10_000, 11_000]);
    const columns = liveColumns(history.points, lines, 60_000);
    expect(columns.xs).toEqual([-49, 1, 2, 3, 4, 10, 11]);
    expect(columns.ys[0]).toEqual([null, 0, 3, 6, null, 9, 12]);
    expect(columns.ys[1]).toEqual([null, null, 5, 5, null, 5, 5]);
    expect(liveColumns([], lines, 60_000)).toEqual({ xs: [], ys: [[], []] });
    const recent = liveColumns(history.points, lines, 1_000);
    expect(recent.xs).toEqual([10, 11]);
  });

  it('reads the span from the URL, 5 minutes unless told', () => {
    expect(spanOf('15m').ms).toBe(900_000);
    expect(spanOf(null).value).toBe('5m');
    expect(spanOf('1y').value).toBe('5m');
  });
});
