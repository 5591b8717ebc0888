import type { PredictionLogStore } from '@slipway/core';
import { toExportRow, type PredictionExportRow } from './export-row.js';

export interface ExportWindow {
  deployment: string;
  from?: number | undefined;
  to?: number | undefined;
  /** Only predictions served by this model version (`modelName` narrows further). */
  modelVersion?: string | undefined;
  modelName?: string | undefined;
  pageSize: number;
}

/**
 * The deployment's predictions with their ground truth, one store page at a time; the time range
 * and version filter are the store query's, so rows of other versions are never read.
 */
export async function* exportPages(
  store: Pick<PredictionLogStore, 'join'>,
  window: ExportWindow,
): AsyncGenerator<PredictionExportRow[]> {
  let cursor: string | undefined;
  do {
    const page = await store.join({
      deployment: window.deployment,
      limit: window.pageSize,
      ...(window.from === undefined ? {} : { from: window.from }),
      ...(window.to === undefined ? {} : { to: window.to }),
      ...(window.modelVersion === undefined ? {} : { modelVersion: window.modelVersion }),
      ...(window.modelName === undefined ? {} : { modelName: window.modelName }),
      ...(cursor === undefined ? {} : { cursor }),
    });
    if (page.items.length > 0) yield page.items.map(toExportRow);
    cursor = page.nextCursor;
  } while (cursor !== undefined);
}
