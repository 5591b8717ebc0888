import type { Readable } from 'node:stream';

export interface ArtifactFileInfo {
  /** Path relative to the listed root, '/'-separated. */
  path: string;
  isDir: boolean;
  /** Bytes; absent for directories. */
  fileSize?: number | undefined;
}

/**
 * Blob storage for run artifacts and model files. Every path is relative to the store root and has
 * been checked by `checkArtifactPath` (no `..`, no absolute paths, no backslashes, no NUL).
 *
 * Streams keep memory flat for large files. (Only the *type* of Readable is imported here, so core
 * stays free of I/O.)
 */
export interface ArtifactStore {
  /** Writes the whole stream; on failure nothing is left at `path`. */
  put(path: string, body: Readable | Uint8Array): Promise<void>;
  /** NOT_FOUND if absent. */
  get(path: string): Promise<Readable>;
  /** Immediate children of `dir` ('' for the root), sorted by path; empty if absent. */
  list(dir: string): Promise<ArtifactFileInfo[]>;
  exists(path: string): Promise<boolean>;
  /** Deletes a file or everything under a directory prefix. Absent is not an error. */
  delete(path: string): Promise<void>;
  close(): Promise<void>;
}
