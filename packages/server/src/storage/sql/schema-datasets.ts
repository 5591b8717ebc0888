/** A dataset; `latest_version` is the number of its newest version. */
export interface VersionedDatasetsTable {
  name: string;
  description: string | null;
  latest_version: number;
  created_at: number;
  updated_at: number;
  created_by: string;
}

/**
 * One immutable version. `files` is the JSON manifest (DatasetFile[], sorted by path) and `schema`
 * the JSON column list; both are written once and never updated.
 */
export interface DatasetVersionsTable {
  dataset_name: string;
  version: number;
  digest: string;
  description: string | null;
  size: number;
  rows: number | null;
  schema: string | null;
  files: string;
  created_at: number;
  created_by: string;
}

/** Versioned datasets (migration 0012). MLflow's own `datasets` table is the runs' inputs. */
export interface DatasetTables {
  versioned_datasets: VersionedDatasetsTable;
  dataset_versions: DatasetVersionsTable;
}
