import { createReadStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { extname, join } from 'node:path';
import { Readable } from 'node:stream';
import { invalidArgument, isSlipwayError } from '@slipway/core';
import type { ArtifactStore } from '@slipway/core';
import { writeHashed } from '../../support/write-hashed.js';
import { profileDataFile, tabularFormat } from './profile-data-file.js';
import type { DataFileProfile } from './profile-data-file.js';

/** What is known of a blob without reading it again: written once, beside it. */
export interface BlobFacts {
  size: number;
  /** Per tabular format the content was read as (the same bytes may come as .csv and .txt). */
  profiles?: Partial<Record<DataFileProfile['format'], Omit<DataFileProfile, 'profile'>>>;
}

export interface StagedBlob {
  digest: string;
  size: number;
  /** False when the blob was already stored (its content is never written twice). */
  stored: boolean;
  profile?: Omit<DataFileProfile, 'profile'> | undefined;
}

const BLOBS = 'datasets/blobs';
const FACTS = 'datasets/facts';
const PROFILES = 'datasets/profiles';

/**
 * Dataset file contents in the artifact store, named by their sha256: `datasets/blobs/<sha256>`,
 * with their size (`datasets/facts/<sha256>.json`) and, for tabular files, the DataProfile
 * (`datasets/profiles/<sha256>.<format>.json`). Written only when absent, and the facts only after
 * the blob: a crash leaves at most an unreferenced blob, never a half-written one (put is atomic).
 */
export class DatasetBlobs {
  constructor(private readonly store: ArtifactStore) {}

  /**
   * Streams `body` to a temporary file while hashing it, stores it if new, and profiles it if
   * `path` names a CSV, JSONL or Parquet file and this content was not profiled as that before.
   */
  async stage(path: string, body: Readable | Uint8Array): Promise<StagedBlob> {
    const dir = await mkdtemp(join(tmpdir(), 'slipway-dataset-'));
    try {
      // The extension stays so the batch readers know the format.
      const local = join(dir, `file${extname(path).toLowerCase()}`);
      const source = body instanceof Readable ? body : Readable.from([body]);
      const { digest, size } = await writeHashed(source, local);
      const stored = !(await this.store.exists(blobPath(digest)));
      if (stored) await this.store.put(blobPath(digest), createReadStream(local));
      const known = await this.facts(digest);
      const facts = known ?? { size };
      let changed = known === undefined;
      const format = tabularFormat(path);
      let profile = format === undefined ? undefined : facts.profiles?.[format];
      if (format !== undefined && profile === undefined) {
        const full = await profileOrExplain(local, path);
        await this.store.put(
          `${PROFILES}/${digest}.${format}.json`,
          Buffer.from(JSON.stringify(full.profile)),
        );
        const { profile: _dropped, ...shape } = full;
        profile = shape;
        facts.profiles = { ...facts.profiles, [format]: shape };
        changed = true;
      }
      if (changed) {
        await this.store.put(`${FACTS}/${digest}.json`, Buffer.from(JSON.stringify(facts)));
      }
      return { digest, size, stored, profile };
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }

  /** The blob's facts, or undefined when it was never (completely) stored. */
  async facts(digest: string): Promise<BlobFacts | undefined> {
    const path = `${FACTS}/${digest}.json`;
    if (!(await this.store.exists(path))) return undefined;
    const chunks: Buffer[] = [];
    for await (const chunk of await this.store.get(path)) chunks.push(chunk as Buffer);
    return JSON.parse(Buffer.concat(chunks).toString('utf8')) as BlobFacts;
  }

  open(digest: string): Promise<Readable> {
    return this.store.get(blobPath(digest));
  }
}

function blobPath(digest: string): string {
  return `${BLOBS}/${digest}`;
}

/** A file that does not parse as its extension says is the caller's mistake (400), not ours. */
async function profileOrExplain(local: string, path: string): Promise<DataFileProfile> {
  try {
    return await profileDataFile(local);
  } catch (err) {
    // The readers name the temporary copy; the caller knows the file by its own path.
    const reason = (err instanceof Error ? err.message : String(err)).replaceAll(local, path);
    if (isSlipwayError(err) && err.code !== 'INVALID_ARGUMENT') throw err;
    throw invalidArgument(
      `Could not read '${path}' as ${tabularFormat(path)?.toUpperCase() ?? 'a table'}: ${reason}`,
    );
  }
}
