import { createHash } from 'node:crypto';
import type { Hash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { invalidArgument } from '@slipway/core';
import type { ArtifactStore } from '@slipway/core';
import { writeHashed } from '../support/write-hashed.js';

const BLOBS = 'pipelines/blobs';
const FACTS = 'pipelines/facts';

export interface StoredBlob {
  digest: string;
  size: number;
  /** False when the blob was already stored (content is never written twice). */
  stored: boolean;
}

/**
 * Step output contents in the artifact store, named by their sha256: `pipelines/blobs/<sha256>`,
 * with their size in `pipelines/facts/<sha256>.json`, written after the blob. A blob counts as
 * stored only once its facts exist, so a crash between the two leaves a blob that is simply
 * written again, never one taken for complete (put itself is atomic).
 */
export class PipelineBlobs {
  constructor(private readonly store: ArtifactStore) {}

  /**
   * Stores `body` under its sha256. With `expected`, the content streams straight to its blob
   * while it is hashed and a mismatch fails the write (nothing is kept); without, it is hashed
   * into a temporary file first, since its name is known only at the end.
   */
  async put(body: Readable | Uint8Array, expected?: string): Promise<StoredBlob> {
    const source = body instanceof Readable ? body : Readable.from([body]);
    return expected === undefined ? this.putUnknown(source) : this.putExpected(source, expected);
  }

  /** The size of a stored blob, or undefined when it was never (completely) stored. */
  async size(digest: string): Promise<number | undefined> {
    const path = `${FACTS}/${digest}.json`;
    if (!(await this.store.exists(path))) return undefined;
    const chunks: Buffer[] = [];
    for await (const chunk of await this.store.get(path)) chunks.push(chunk as Buffer);
    return (JSON.parse(Buffer.concat(chunks).toString('utf8')) as { size: number }).size;
  }

  open(digest: string): Promise<Readable> {
    return this.store.get(`${BLOBS}/${digest}`);
  }

  private async putExpected(source: Readable, expected: string): Promise<StoredBlob> {
    const hash = createHash('sha256');
    let size = 0;
    const count = (chunk: Buffer) => {
      hash.update(chunk);
      size += chunk.length;
    };
    if ((await this.size(expected)) !== undefined) {
      // Already stored: the body is only read to check it, as the client may have misnamed it.
      const drain = new Writable({
        write(chunk: Buffer, _encoding, done) {
          count(chunk);
          done();
        },
      });
      await pipeline(source, drain);
      checkDigest(hash, expected);
      return { digest: expected, size, stored: false };
    }
    let mismatch: Error | undefined;
    // Pulled by the store as it writes (nothing flows before it reads); the check at the end
    // fails the write, which then keeps nothing at the blob's path.
    async function* verified(): AsyncGenerator<Buffer> {
      for await (const chunk of source) {
        count(chunk as Buffer);
        yield chunk as Buffer;
      }
      try {
        checkDigest(hash, expected);
      } catch (err) {
        mismatch = err as Error;
        throw err;
      }
    }
    try {
      await this.store.put(`${BLOBS}/${expected}`, Readable.from(verified()));
    } catch (err) {
      // A store may wrap the stream's error in its own; the caller should see the mismatch.
      throw mismatch ?? err;
    }
    await this.writeFacts(expected, size);
    return { digest: expected, size, stored: true };
  }

  private async putUnknown(source: Readable): Promise<StoredBlob> {
    const dir = await mkdtemp(join(tmpdir(), 'slipway-pipeline-'));
    try {
      const local = join(dir, 'blob');
      const { digest, size } = await writeHashed(source, local);
      if ((await this.size(digest)) !== undefined) return { digest, size, stored: false };
      await this.store.put(`${BLOBS}/${digest}`, createReadStream(local));
      await this.writeFacts(digest, size);
      return { digest, size, stored: true };
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }

  private async writeFacts(digest: string, size: number): Promise<void> {
    await this.store.put(`${FACTS}/${digest}.json`, Buffer.from(JSON.stringify({ size })));
  }
}

function checkDigest(hash: Hash, expected: string): void {
  const actual = hash.digest('hex');
  if (actual !== expected) {
    throw invalidArgument(
      `The uploaded content has sha256 ${actual}, not the ${expected} given; nothing was stored.`,
    );
  }
}
