import { nativeRoutes as r } from '@slipway/core';
import type { DatasetFile, DatasetInfo, DatasetVersion } from '@slipway/core';
import type { Transport, UploadBody } from './transport.js';

/** One file of a version to add: its path in the version and its content (opened when sent). */
export interface DatasetUpload {
  path: string;
  body: UploadBody | (() => UploadBody | Promise<UploadBody>);
}

export interface AddDatasetOptions {
  description?: string | undefined;
  /** Called after each file is stored (or found already stored). */
  onFile?: ((file: DatasetFile, stored: boolean, index: number) => void) | undefined;
}

/**
 * Versioned datasets: files stored once by their sha256, immutable numbered versions with schema,
 * row count and a per-column profile, linked to the runs that read them.
 *
 * @example
 * ```ts
 * const { version } = await client.datasets.add('churn', [{ path: 'train.csv', body: csvText }]);
 * console.log(`${version.name}@${version.version}`, version.digest, version.rows);
 * ```
 */
export class DatasetsApi {
  constructor(private readonly transport: Transport) {}

  /**
   * Uploads each file (streamed; the server keeps one copy per content) and commits them as a
   * version. `created` is false when the content equals the latest version's, which is returned.
   *
   * @example
   * ```ts
   * const res = await client.datasets.add('churn', [{ path: 'a.jsonl', body: blob }], {
   *   description: 'March export',
   * });
   * ```
   */
  async add(
    name: string,
    uploads: readonly DatasetUpload[],
    options: AddDatasetOptions = {},
  ): Promise<{ version: DatasetVersion; created: boolean }> {
    const files: Array<{ path: string; digest: string; size: number }> = [];
    for (const [index, upload] of uploads.entries()) {
      const body = typeof upload.body === 'function' ? await upload.body() : upload.body;
      const staged = await this.stageFile(name, upload.path, body);
      options.onFile?.(staged.file, staged.stored, index);
      files.push({ path: staged.file.path, digest: staged.file.digest, size: staged.file.size });
    }
    return this.createVersion(name, files, options.description);
  }

  /**
   * Stores one file's content for a version to come (the first step of `add`).
   *
   * @example
   * ```ts
   * const { file } = await client.datasets.stageFile('churn', 'train.csv', csvText);
   * ```
   */
  async stageFile(
    name: string,
    path: string,
    body: UploadBody,
  ): Promise<{ file: DatasetFile; stored: boolean }> {
    return this.transport.uploadForJson(r.uploadDatasetFile, { name, path }, body);
  }

  /**
   * Commits staged files (path, sha256, size) as a version (the second step of `add`).
   *
   * @example
   * ```ts
   * await client.datasets.createVersion('churn', [{ path: 'train.csv', digest, size }]);
   * ```
   */
  async createVersion(
    name: string,
    files: Array<{ path: string; digest: string; size: number }>,
    description?: string,
  ): Promise<{ version: DatasetVersion; created: boolean }> {
    return this.transport.call(r.createDatasetVersion, {
      params: { name },
      body: { files, ...(description === undefined ? {} : { description }) },
    });
  }

  /**
   * Datasets, by name.
   *
   * @example
   * ```ts
   * for (const d of (await client.datasets.list()).datasets) console.log(d.name, d.latestVersion);
   * ```
   */
  async list(
    options: { maxResults?: number; pageToken?: string } = {},
  ): Promise<{ datasets: DatasetInfo[]; nextPageToken?: string | undefined }> {
    return this.transport.call(r.listDatasets, { query: options });
  }

  /**
   * One dataset.
   *
   * @example
   * ```ts
   * const { latestVersion } = await client.datasets.get('churn');
   * ```
   */
  async get(name: string): Promise<DatasetInfo> {
    return (await this.transport.call(r.getDataset, { params: { name } })).dataset;
  }

  /**
   * The versions of a dataset, newest first.
   *
   * @example
   * ```ts
   * const { versions } = await client.datasets.versions('churn');
   * ```
   */
  async versions(
    name: string,
    options: { maxResults?: number; pageToken?: string } = {},
  ): Promise<{ versions: DatasetVersion[]; nextPageToken?: string | undefined }> {
    return this.transport.call(r.listDatasetVersions, { params: { name }, query: options });
  }

  /**
   * One version: files with digests, schema, rows and per-column summaries.
   *
   * @example
   * ```ts
   * const v = await client.datasets.getVersion('churn', 3);
   * ```
   */
  async getVersion(name: string, version: number | string): Promise<DatasetVersion> {
    const res = await this.transport.call(r.getDatasetVersion, {
      params: { name, version: String(version) },
    });
    return res.version;
  }

  /**
   * One file of a version as a stream (see `getVersion` for its digest, to check it).
   *
   * @example
   * ```ts
   * const stream = await client.datasets.downloadStream('churn', 3, 'train.csv');
   * ```
   */
  async downloadStream(
    name: string,
    version: number | string,
    path: string,
  ): Promise<ReadableStream<Uint8Array>> {
    const response = await this.transport.download(r.downloadDatasetFile, {
      name,
      version: String(version),
      path,
    });
    return response.body ?? new Blob([]).stream();
  }

  /**
   * Records the version as an input of a run (MLflow's log-inputs, with the version's digest).
   *
   * @example
   * ```ts
   * await client.datasets.link('churn', 3, runId);
   * ```
   */
  async link(name: string, version: number | string, runId: string): Promise<void> {
    await this.transport.call(r.linkDatasetVersion, {
      params: { name, version: String(version) },
      body: { runId },
    });
  }
}
