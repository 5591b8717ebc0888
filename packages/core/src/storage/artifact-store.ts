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
  /**
   * Uploads whose parts clients send to the storage service themselves, so large files need not
   * pass through the server (MLflow's proxied multipart upload). Absent where the backend cannot
   * take parts from clients directly (local files): callers then upload with `put`.
   */
  readonly multipart?: MultipartArtifactUploads | undefined;
  close(): Promise<void>;
}

/** Where a client sends one part itself: PUT its bytes to `url` with `headers`. */
export interface MultipartUploadCredential {
  /** 1-based, as in S3. */
  partNumber: number;
  url: string;
  headers: Record<string, string>;
}

export interface MultipartUpload {
  uploadId: string;
  /** One per part, in part order. */
  credentials: MultipartUploadCredential[];
}

/** An uploaded part as the client reports it: the ETag the storage service answered its PUT with. */
export interface MultipartUploadPart {
  partNumber: number;
  etag: string;
}

/**
 * The object appears at `path` only when `complete` succeeds, all at once (a reader never sees
 * part of it); until then, or after `abort`, nothing is stored there. An upload id belongs to its
 * path: completing or aborting it under another path is NOT_FOUND.
 */
export interface MultipartArtifactUploads {
  /** Starts an upload of `numParts` parts (1..10,000) to `path`. */
  create(path: string, numParts: number): Promise<MultipartUpload>;
  /** Joins the parts, in part-number order; INVALID_ARGUMENT when a part is missing or too small. */
  complete(path: string, uploadId: string, parts: readonly MultipartUploadPart[]): Promise<void>;
  /** Discards the upload and every part sent so far. */
  abort(path: string, uploadId: string): Promise<void>;
}
