import { basename } from 'node:path/posix';
import { pipeline } from 'node:stream/promises';
import { Writable } from 'node:stream';
import { isSlipwayError } from '@slipway/core';
import { HashingStream, combineDigest } from '../support/content-digest.js';
import type { DigestEntry } from '../support/content-digest.js';
import type { ArtifactService } from './artifact-service.js';

/** Discards what is written to it (the bytes only need hashing). */
function sink(): Writable {
  return new Writable({
    write(_chunk, _encoding, done) {
      done();
    },
  });
}

/**
 * The digest of the files at a store-relative location: a directory (every file below it) or a
 * single file (`runs:/<run>/model.onnx`), the way the model loader copies them. An empty location
 * has the digest of no files: registered so, it stays empty (and cannot be served).
 */
export async function digestStoredFiles(
  artifacts: ArtifactService,
  location: string,
): Promise<string> {
  const files = location === '' ? [] : await artifacts.walk(location);
  const entries: DigestEntry[] = [];
  if (files.length === 0) {
    const single = await hashStored(artifacts, location).catch((err: unknown) => {
      if (isSlipwayError(err) && err.code === 'NOT_FOUND') return undefined;
      throw err;
    });
    if (single !== undefined) entries.push({ path: basename(location), sha256: single });
  } else {
    for (const file of files) {
      entries.push({
        path: file.path.slice(location.length + 1),
        sha256: await hashStored(artifacts, file.path),
      });
    }
  }
  return combineDigest(entries);
}

async function hashStored(artifacts: ArtifactService, path: string): Promise<string> {
  const tap = new HashingStream();
  await pipeline(await artifacts.getChecked(path), tap, sink());
  return tap.hex();
}
