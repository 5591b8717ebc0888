import { writeFile } from 'node:fs/promises';
import { profileTable } from '@slipway/core';
import type { DataProfile, ProfileOptions } from '@slipway/core';
import { readTable } from './tables/read-table.js';

export interface ProfileFileResult {
  profile: DataProfile;
  rows: number;
  columns: number;
  bytes: number;
  elapsedMs: number;
}

/**
 * Profiles a CSV, JSONL or Parquet file (mergeable sketches per column) and writes the profile as
 * JSON: the reference a monitor compares traffic with, without re-reading the training set.
 */
export async function profileFile(
  input: string,
  output: string,
  options: ProfileOptions = {},
): Promise<ProfileFileResult> {
  const started = performance.now();
  const table = await readTable(input);
  const profile = profileTable(table, options);
  const text = `${JSON.stringify(profile)}\n`;
  await writeFile(output, text);
  return {
    profile,
    rows: table.rowCount,
    columns: table.columnNames.length,
    bytes: Buffer.byteLength(text),
    elapsedMs: performance.now() - started,
  };
}
