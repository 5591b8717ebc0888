import type { DeploymentStats, DeploymentVersionStats } from '@slipway/core';

/** How much of the stream the page remembers: the widest span its charts offer. */
export const HISTORY_MS = 15 * 60_000;

/** One second of the stream, reduced to what the charts draw. */
export interface LivePoint {
  /** When the server took the figures, ms since the epoch. */
  time: number;
  rps: number;
  p50: number | null;
  p95: number | null;
  p99: number | null;
  /** 0..1; null without requests. */
  errorRate: number | null;
  /** Requests per second of each version, by `versionKey`. */
  versions: Record<string, number>;
}

/** Where the stream is: opening, receiving, or lost and about to try again. */
export type StreamConnection = 'connecting' | 'live' | 'reconnecting';

/** What the page holds of the stream: the latest snapshot whole, and the recent ones as points. */
export interface LiveHistory {
  latest: DeploymentStats | undefined;
  /** Oldest first, spanning at most HISTORY_MS. */
  points: LivePoint[];
  connection: StreamConnection;
  /** Why the stream was lost, while reconnecting. */
  lostBecause?: unknown;
}

export const EMPTY_HISTORY: LiveHistory = {
  latest: undefined,
  points: [],
  connection: 'connecting',
};

/** What the stream of a page yields: snapshots, and news of its connection. */
export type LiveChunk =
  | { kind: 'stats'; stats: DeploymentStats }
  | { kind: 'connecting' }
  | { kind: 'lost'; error: unknown };

/** Folds a chunk of the stream into the history (TanStack Query's streamed-query reducer). */
export function reduceLive(history: LiveHistory, chunk: LiveChunk): LiveHistory {
  if (chunk.kind === 'connecting') return { ...history, connection: 'connecting' };
  if (chunk.kind === 'lost')
    return { ...history, connection: 'reconnecting', lostBecause: chunk.error };
  return appendSnapshot(history, chunk.stats);
}

/**
 * A version's name in charts and tables: its variant and the registry version it serves ("stable
 * · scorer v1"), so a spec that swaps the candidate's version starts a new line.
 */
export function versionKey(version: Pick<DeploymentVersionStats, 'variant' | 'model'>): string {
  return `${version.variant} · ${version.model.name} v${version.model.version}`;
}

function pointOf(stats: DeploymentStats): LivePoint {
  const versions: Record<string, number> = {};
  for (const version of stats.versions) versions[versionKey(version)] = version.rps;
  return {
    time: stats.time,
    rps: stats.overall.rps,
    p50: stats.overall.p50LatencyMs,
    p95: stats.overall.p95LatencyMs,
    p99: stats.overall.p99LatencyMs,
    errorRate: stats.overall.errorRate,
    versions,
  };
}

/**
 * Adds a snapshot of the stream. A snapshot no newer than the last one (the one a reconnection
 * starts with can repeat it) only replaces `latest`; points older than HISTORY_MS before the newest
 * are dropped, so memory stays bounded however long the page stays open.
 */
export function appendSnapshot(history: LiveHistory, stats: DeploymentStats): LiveHistory {
  const last = history.points.at(-1);
  if (last !== undefined && stats.time <= last.time) {
    return { latest: stats, points: history.points, connection: 'live' };
  }
  const cutoff = stats.time - HISTORY_MS;
  let first = 0;
  while (first < history.points.length && (history.points[first]?.time ?? 0) < cutoff) first += 1;
  return {
    latest: stats,
    points: [...history.points.slice(first), pointOf(stats)],
    connection: 'live',
  };
}
