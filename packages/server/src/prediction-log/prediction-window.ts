import { MAX_MONITOR_WINDOW_ROWS, invalidArgument } from '@slipway/core';
import type { JsonValue, LoggedTensor, PredictionLogStore } from '@slipway/core';

/**
 * A span of a deployment's traffic: `[from, to)` in ms, or the newest `last` predictions before
 * `to`. Either way at most MAX_MONITOR_WINDOW_ROWS rows (the newest ones) come back.
 */
export type PredictionWindow =
  | { from: number; to: number; version?: string | undefined }
  | { last: number; to: number; version?: string | undefined };

/** One successful prediction of a window, with its ground truth when one was attached. */
export interface WindowRow {
  time: number;
  modelVersion: string;
  inputs: LoggedTensor[];
  outputs: LoggedTensor[];
  /** Absent when no label has arrived; a label may itself be JSON null. */
  groundTruth?: { label: JsonValue };
}

/** Every logged prediction of a window, failed ones included, for serving figures. */
export interface ServedRows {
  versions: string[];
  latencyMs: number[];
  failed: boolean[];
}

export interface WindowRows {
  rows: WindowRow[];
  served: ServedRows;
  /** True when a time window may hold more than MAX_MONITOR_WINDOW_ROWS predictions (the newest were kept). */
  truncated: boolean;
}

/**
 * Rows per page of a window read. On SQLite a page is read synchronously (better-sqlite3) and then
 * decoded: 10,000 rows held the event loop for ~0.5 s each, and serving with it; 1,000 hold it
 * for tens of ms, and a whole window reads about as fast.
 */
const WINDOW_PAGE_ROWS = 1_000;

/** Lets requests that arrived during a page be served before the next page is read. */
function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

function checkWindow(window: PredictionWindow): number {
  if (!Number.isFinite(window.to)) throw invalidArgument('A window needs a finite end time.');
  if ('last' in window) {
    if (!Number.isInteger(window.last) || window.last < 1) {
      throw invalidArgument(`A window of the last N predictions needs N >= 1; got ${window.last}.`);
    }
    return Math.min(window.last, MAX_MONITOR_WINDOW_ROWS);
  }
  if (!Number.isFinite(window.from) || window.from > window.to) {
    throw invalidArgument(
      `A window's start must not be after its end (${window.from} > ${window.to}).`,
    );
  }
  return MAX_MONITOR_WINDOW_ROWS;
}

/**
 * Reads a window with one store query, paged newest first: the store filters by time and
 * version, so other versions' rows are never read, and a `last` window stops after N rows.
 * Failed predictions are skipped (they have no outputs to judge). Rows come back oldest first.
 */
export async function readPredictionWindow(
  store: Pick<PredictionLogStore, 'join'>,
  deployment: string,
  window: PredictionWindow,
): Promise<WindowRows> {
  const wanted = checkWindow(window);
  const rows: WindowRow[] = [];
  const served: ServedRows = { versions: [], latencyMs: [], failed: [] };
  let cursor: string | undefined;
  let more: boolean;
  do {
    if (cursor !== undefined) await yieldToEventLoop();
    const page = await store.join({
      deployment,
      to: window.to,
      limit: WINDOW_PAGE_ROWS,
      newestFirst: true,
      ...('from' in window ? { from: window.from } : {}),
      ...(window.version === undefined ? {} : { modelVersion: window.version }),
      ...(cursor === undefined ? {} : { cursor }),
    });
    let i = 0;
    for (; i < page.items.length && rows.length < wanted; i++) {
      const item = page.items[i]!;
      served.versions.push(item.modelVersion);
      served.latencyMs.push(item.latencyMs);
      served.failed.push(item.status !== 'ok');
      if (item.status !== 'ok') continue;
      rows.push({
        time: item.time,
        modelVersion: item.modelVersion,
        inputs: item.inputs,
        outputs: item.outputs,
        ...(item.groundTruth === undefined
          ? {}
          : { groundTruth: { label: item.groundTruth.label } }),
      });
    }
    more = i < page.items.length || page.nextCursor !== undefined;
    cursor = rows.length < wanted ? page.nextCursor : undefined;
  } while (cursor !== undefined);
  rows.reverse();
  return { rows, served, truncated: !('last' in window) && rows.length === wanted && more };
}
