import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SlipwayError } from '@slipway/core';
import type { Tensor } from '@slipway/core';

/** The SlipwayError a promise rejects with (fails the test if it resolves or throws another). */
export async function rejection(promise: Promise<unknown>): Promise<SlipwayError> {
  try {
    await promise;
  } catch (err) {
    if (err instanceof SlipwayError) return err;
    throw err;
  }
  throw new Error('expected the promise to reject with a SlipwayError');
}

export function fp64(name: string, rows: number[][]): Tensor {
  const width = rows[0]?.length ?? 0;
  return {
    name,
    datatype: 'FP64',
    shape: [rows.length, width],
    data: Float64Array.from(rows.flat()),
  };
}

export interface TempDir {
  path: string;
  write(file: string, text: string): Promise<string>;
  remove(): Promise<void>;
}

export async function tempDir(prefix = 'slipway-serving-'): Promise<TempDir> {
  const path = await mkdtemp(join(tmpdir(), prefix));
  return {
    path,
    async write(file, text) {
      const full = join(path, file);
      await writeFile(full, text);
      return full;
    },
    remove: () => rm(path, { recursive: true, force: true }),
  };
}
