import { nativeRoutes as r } from '@slipway/core';
import type { ArtifactFileInfo, ArtifactSignature } from '@slipway/core';
import type { Transport, UploadBody } from './transport.js';

/**
 * Files attached to a run, addressed by '/'-separated paths below the run's artifact root.
 *
 * @example
 * ```ts
 * await client.artifacts.upload(runId, 'reports/summary.txt', 'accuracy 0.91');
 * const bytes = await client.artifacts.download(runId, 'reports/summary.txt');
 * ```
 */
export class ArtifactsApi {
  constructor(private readonly transport: Transport) {}

  /**
   * Uploads one file (streamed when given a ReadableStream), replacing any file at `path`.
   *
   * @example
   * ```ts
   * await client.artifacts.upload(runId, 'model/weights.bin', new Uint8Array([1, 2, 3]));
   * ```
   */
  async upload(runId: string, path: string, body: UploadBody): Promise<void> {
    await this.transport.upload(r.uploadRunArtifact, { runId, path }, body);
  }

  /**
   * Downloads one file into memory.
   *
   * @example
   * ```ts
   * const text = new TextDecoder().decode(await client.artifacts.download(runId, 'notes.txt'));
   * ```
   */
  async download(runId: string, path: string): Promise<Uint8Array> {
    const response = await this.transport.download(r.downloadRunArtifact, { runId, path });
    return new Uint8Array(await response.arrayBuffer());
  }

  /**
   * Downloads one file as a stream, for files too large to hold in memory.
   *
   * @example
   * ```ts
   * const stream = await client.artifacts.downloadStream(runId, 'data/big.parquet');
   * ```
   */
  async downloadStream(runId: string, path: string): Promise<ReadableStream<Uint8Array>> {
    const response = await this.transport.download(r.downloadRunArtifact, { runId, path });
    if (!response.body) return new Blob([]).stream();
    return response.body;
  }

  /**
   * The immediate children of a directory (the run's root when `path` is absent).
   *
   * @example
   * ```ts
   * for (const f of await client.artifacts.list(runId, 'model')) console.log(f.path, f.fileSize);
   * ```
   */
  async list(runId: string, path?: string): Promise<ArtifactFileInfo[]> {
    const res = await this.transport.call(r.listRunArtifacts, {
      params: { runId },
      query: { path },
    });
    return res.files;
  }

  /**
   * Every file below a directory, depth first, sorted by path.
   *
   * @example
   * ```ts
   * const files = await client.artifacts.listAll(runId, 'model');
   * ```
   */
  async listAll(runId: string, path?: string): Promise<ArtifactFileInfo[]> {
    const files: ArtifactFileInfo[] = [];
    const pending = [path];
    while (pending.length > 0) {
      const dir = pending.pop();
      for (const entry of await this.list(runId, dir)) {
        if (entry.isDir) pending.push(entry.path);
        else files.push(entry);
      }
    }
    return files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  }

  /**
   * The inputs and outputs (names, datatypes, shapes) of a `.onnx` artifact, read by the server
   * with ONNX Runtime. Files over 32 MiB (`ARTIFACT_SIGNATURE_MAX_BYTES`) are refused (413).
   *
   * @example
   * ```ts
   * const { inputs, outputs } = await client.artifacts.signature(runId, 'model/model.onnx');
   * ```
   */
  async signature(runId: string, path: string): Promise<ArtifactSignature> {
    return this.transport.call(r.getRunArtifactSignature, { params: { runId, path } });
  }
}
