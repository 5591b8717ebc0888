import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { glob, hasMagic } from 'glob';
import { SlipwayError } from '@slipway/core';

/**
 * The files a step declares (paths or globs relative to its workdir), each with the sha256 of its
 * content: the `files` part of its cache key. A plain path that does not exist is an error (a
 * typo would otherwise make the key silently ignore the file); a glob may match nothing.
 */
export async function hashDeclaredFiles(
  workdir: string,
  patterns: readonly string[],
): Promise<Record<string, string>> {
  const paths = new Set<string>();
  for (const pattern of patterns) {
    if (hasMagic(pattern)) {
      for (const path of await glob(pattern, {
        cwd: workdir,
        nodir: true,
        dot: true,
        posix: true,
      })) {
        paths.add(path);
      }
      continue;
    }
    const info = await stat(join(workdir, pattern)).catch(() => undefined);
    if (info === undefined || !info.isFile()) {
      throw new SlipwayError({
        code: 'INVALID_ARGUMENT',
        message: `Declared file '${pattern}' is not a file in ${workdir}: fix the step's files: list.`,
      });
    }
    paths.add(pattern);
  }
  const hashes: Record<string, string> = {};
  for (const path of [...paths].sort()) hashes[path] = await sha256File(join(workdir, path));
  return hashes;
}

export async function sha256File(path: string): Promise<string> {
  const hash = createHash('sha256');
  await pipeline(createReadStream(path), hash);
  return hash.digest('hex');
}
