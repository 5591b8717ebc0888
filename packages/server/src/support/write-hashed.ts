import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { Transform } from 'node:stream';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

/**
 * Streams `source` into `file` while hashing it: the sha256 (hex) and byte count of what was
 * written, for content-addressed stores that learn a blob's digest only once it has been read.
 */
export async function writeHashed(
  source: Readable,
  file: string,
): Promise<{ digest: string; size: number }> {
  const hash = createHash('sha256');
  let size = 0;
  const tap = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      hash.update(chunk);
      size += chunk.length;
      done(null, chunk);
    },
  });
  await pipeline(source, tap, createWriteStream(file));
  return { digest: hash.digest('hex'), size };
}
