import type { Readable } from 'node:stream';

export interface ArtifactFileInfo {
  /** Full store-relative path, '/'-separated: listing 'a/b' yields entries like 'a/b/c.txt'. */
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
  /**
   * Writes the whole stream, replacing any file at `path`; on failure nothing is left at `path`
   * (and a replaced file is kept). Streams of unknown length are fine.
   */
  put(path: string, body: Readable | Uint8Array): Promise<void>;
  /** NOT_FOUND if absent or if `path` is a directory. */
  get(path: string): Promise<Readable>;
  /**
   * Immediate children of `dir` ('' for the root), sorted by path; empty if absent or a file.
   * Directories exist only through the files below them (as in S3).
   */
  list(dir: string): Promise<ArtifactFileInfo[]>;
  /** True if a file is stored at `path`; false for directories (use `list`). */
  exists(path: string): Promise<boolean>;
  /**
   * Deletes a file or everything under a directory prefix. Absent is not an error. The root ('')
   * is refused (INVALID_ARGUMENT), so a bad argument cannot wipe the whole store.
   */
  delete(path: string): Promise<void>;
  close(): Promise<void>;
}
