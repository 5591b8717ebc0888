import type { Page } from '../domain/common.js';
import type { DatasetInfo, DatasetVersion } from '../domain/dataset-version.js';
import type { ReadableBy } from './permission-store.js';
import type { SearchWindow } from './queries.js';

/** A version to append; the store gives it the next number. */
export type NewDatasetVersion = Omit<DatasetVersion, 'version'>;

/**
 * Datasets and their immutable versions. Nothing here changes or deletes a version once written:
 * versions are only appended, numbered 1, 2, 3 per dataset.
 */
export interface DatasetStore {
  get(name: string): Promise<DatasetInfo | undefined>;
  /** By name; only those `readableBy` may read, when given. */
  list(window: SearchWindow, readableBy?: ReadableBy): Promise<Page<DatasetInfo>>;
  /** Newest first. */
  listVersions(name: string, window: SearchWindow): Promise<Page<DatasetVersion>>;
  getVersion(name: string, version: number): Promise<DatasetVersion | undefined>;
  latestVersion(name: string): Promise<DatasetVersion | undefined>;
  /**
   * Appends a version numbered one past the latest, creating the dataset if it has none; the
   * dataset's description becomes the version's when it has one. ALREADY_EXISTS when a concurrent
   * writer took the number (the caller may retry).
   */
  addVersion(
    input: NewDatasetVersion,
  ): Promise<{ version: DatasetVersion; datasetCreated: boolean }>;
}
