import { mkdir, readdir, stat } from 'node:fs/promises';
import { openAsBlob, createWriteStream } from 'node:fs';
import { basename, dirname, join, relative, sep } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as NodeReadableStream } from 'node:stream/web';
import { SlipwayError, checkArtifactPath } from '@slipway/core';

export interface LocalFile {
  /** Absolute or cwd-relative path on disk. */
  diskPath: string;
  /** '/'-separated path relative to what was asked for (a file's own name for a single file). */
  relativePath: string;
  size: number;
}

/** The files under `path` (recursively, sorted), or `path` itself when it is a file. */
export async function collectLocalFiles(path: string): Promise<LocalFile[]> {
  const info = await stat(path).catch((err: NodeJS.ErrnoException) => {
    throw new SlipwayError({
      code: err.code === 'ENOENT' ? 'NOT_FOUND' : 'INVALID_ARGUMENT',
      message: `Cannot read '${path}': ${err.code === 'ENOENT' ? 'no such file or directory' : err.message}.`,
    });
  });
  if (info.isFile()) return [{ diskPath: path, relativePath: basename(path), size: info.size }];
  const files: LocalFile[] = [];
  const pending = [path];
  while (pending.length > 0) {
    const dir = pending.pop() as string;
    for (const name of await readdir(dir)) {
      const full = join(dir, name);
      // stat (not the dirent) so symlinks count as what they point at, as `cp -L` would.
      const target = await stat(full);
      if (target.isDirectory()) pending.push(full);
      else if (target.isFile()) {
        const relativePath = relative(path, full).split(sep).join('/');
        files.push({ diskPath: full, relativePath, size: target.size });
      }
    }
  }
  return files.sort((a, b) =>
    a.relativePath < b.relativePath ? -1 : a.relativePath > b.relativePath ? 1 : 0,
  );
}

/** A file as an upload body: a file-backed Blob, so it streams with a known length. */
export function fileBody(path: string): Promise<Blob> {
  return openAsBlob(path);
}

/**
 * Writes a downloaded stream under `destDir`. The relative path is checked like an artifact path,
 * so a hostile server cannot make us write outside `destDir`.
 */
export async function writeDownload(
  destDir: string,
  relativePath: string,
  body: ReadableStream<Uint8Array>,
): Promise<string> {
  const target = join(destDir, ...checkArtifactPath(relativePath).split('/'));
  await mkdir(dirname(target), { recursive: true });
  await pipeline(
    Readable.fromWeb(body as NodeReadableStream<Uint8Array>),
    createWriteStream(target),
  );
  return target;
}
