import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { extname, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { invalidArgument, parseDataProfile } from '@slipway/core';
import type { ColumnarTable, DataProfile } from '@slipway/core';
import { formatOfPath } from '../../serving/batch/open-batch-input.js';
import { readTable } from '../tables/read-table.js';
import type { LocatedArtifact } from './artifact-uri-reader.js';

/** A profile is a summary: anything this large is not one, and reading it whole would hurt. */
const MAX_PROFILE_BYTES = 64 * 1024 * 1024;

/**
 * A CSV, JSONL or Parquet artifact read into columns. Parquet needs random access, so the file
 * is copied to a temporary directory (removed afterwards) and read as `slipway drift` reads files.
 */
export async function readDatasetArtifact(artifact: LocatedArtifact): Promise<ColumnarTable> {
  formatOfPath(artifact.key);
  const dir = await mkdtemp(join(tmpdir(), 'slipway-monitor-'));
  try {
    const path = join(dir, `reference${extname(artifact.key).toLowerCase()}`);
    await pipeline(await artifact.open(), createWriteStream(path));
    return await readTable(path);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** A profile made by `slipway profile` (JSON), validated. */
export async function readProfileArtifact(artifact: LocatedArtifact): Promise<DataProfile> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of await artifact.open()) {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as Uint8Array);
    size += buffer.length;
    if (size > MAX_PROFILE_BYTES) {
      throw invalidArgument(
        `'${artifact.key}' is over ${MAX_PROFILE_BYTES / 1024 / 1024} MiB, too large for a data profile; make one with \`slipway profile\`.`,
      );
    }
    chunks.push(buffer);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch (err) {
    throw invalidArgument(`'${artifact.key}' is not JSON, so not a data profile: ${String(err)}`);
  }
  return parseDataProfile(parsed);
}
