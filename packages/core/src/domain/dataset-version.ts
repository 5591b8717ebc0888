/** A column of a tabular file and the type its profile inferred (`integer`, `float`, `string`...). */
export interface DatasetColumn {
  name: string;
  type: string;
}

/** What a version's `get` shows of one column, read from the file's DataProfile. */
export interface DatasetColumnSummary {
  name: string;
  type: string;
  /** Values present (not missing). */
  count: number;
  /** Missing values (null, empty, NaN). */
  nulls: number;
  distinct?: number | undefined;
  min?: number | undefined;
  max?: number | undefined;
  mean?: number | undefined;
  /** The most frequent values of a categorical column, most frequent first. */
  top?: Array<{ value: string; count: number }> | undefined;
}

/** One file of a version: where it sits in the version, its content digest and, if tabular, its shape. */
export interface DatasetFile {
  /** Relative, '/'-separated; the file's own name when a single file was added. */
  path: string;
  /** sha256 of the content, hex: the blob's name in the artifact store. */
  digest: string;
  size: number;
  format?: 'csv' | 'jsonl' | 'parquet' | undefined;
  rows?: number | undefined;
  schema?: DatasetColumn[] | undefined;
  columns?: DatasetColumnSummary[] | undefined;
}

/** An immutable version of a dataset. */
export interface DatasetVersion {
  name: string;
  /** 1, 2, 3... per dataset. */
  version: number;
  /**
   * The version's identity: the file's sha256 for a single file, else the sha256 of the sorted
   * manifest (see `manifestDigest`).
   */
  digest: string;
  description?: string | undefined;
  /** Total bytes of its files. */
  size: number;
  /** Rows of its tabular files together; absent when none is tabular. */
  rows?: number | undefined;
  /** Columns of its tabular files (the first file's type wins when two disagree). */
  schema?: DatasetColumn[] | undefined;
  files: DatasetFile[];
  createdAt: number;
  createdBy: string;
}

/** A dataset: a name and the versions added under it. */
export interface DatasetInfo {
  name: string;
  description?: string | undefined;
  latestVersion: number;
  createdAt: number;
  updatedAt: number;
  createdBy: string;
}
