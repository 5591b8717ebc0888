import { MAX_MONITOR_WINDOW_ROWS, MAX_PREDICTION_PAGE_SIZE, invalidArgument } from '@slipway/core';
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

export interface WindowRows {
  rows: WindowRow[];
  /** True when a time window may hold more than MAX_MONITOR_WINDOW_ROWS predictions (the newest were kept). */
  truncated: boolean;
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
  let cursor: string | undefined;
  let more: boolean;
  do {
    const page = await store.join({
      deployment,
      to: window.to,
      limit: MAX_PREDICTION_PAGE_SIZE,
      newestFirst: true,
      ...('from' in window ? { from: window.from } : {}),
      ...(window.version === undefined ? {} : { modelVersion: window.version }),
      ...(cursor === undefined ? {} : { cursor }),
    });
    let i = 0;
    for (; i < page.items.length && rows.length < wanted; i++) {
      const item = page.items[i]!;
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
  return { rows, truncated: !('last' in window) && rows.length === wanted && more };
}
