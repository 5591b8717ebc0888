import { createHash } from 'node:crypto';
import type { Hash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { PassThrough, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';

export interface DigestEntry {
  /** Relative to the version's root, '/'-separated. */
  path: string;
  /** Hex SHA-256 of the file's bytes. */
  sha256: string;
}

/**
 * The digest of a set of files: SHA-256 over `path NUL sha256 LF` per file, sorted by path
 * (UTF-16 code units, the same on every machine), as `sha256:<hex>`. Renaming, adding, removing
 * or changing any file changes it.
 */
export function combineDigest(entries: readonly DigestEntry[]): string {
  const hash = createHash('sha256');
  const sorted = [...entries].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  for (const entry of sorted) hash.update(`${entry.path}\u0000${entry.sha256}\n`, 'utf8');
  return `sha256:${hash.digest('hex')}`;
}

/** A pass-through stream that hashes what flows through it; `hex()` once it has ended. */
export class HashingStream extends Transform {
  private readonly hash: Hash = createHash('sha256');

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: () => void): void {
    this.hash.update(chunk);
    this.push(chunk);
    done();
  }

  hex(): string {
    return this.hash.copy().digest('hex');
  }
}

/** The digest (see combineDigest) of every file below a local directory, paths relative to it. */
export async function digestDirectory(dir: string): Promise<string> {
  const entries: DigestEntry[] = [];
  const pending = [''];
  while (pending.length > 0) {
    const relative = pending.pop() as string;
    for (const entry of await readdir(join(dir, relative), { withFileTypes: true })) {
      const path = relative === '' ? entry.name : `${relative}/${entry.name}`;
      if (entry.isDirectory()) pending.push(path);
      else if (entry.isFile()) {
        const tap = new HashingStream();
        await pipeline(createReadStream(join(dir, path)), tap, new PassThrough().resume());
        entries.push({ path, sha256: tap.hex() });
      }
    }
  }
  return combineDigest(entries);
}
