import type * as NodeCrypto from 'node:crypto';
import type * as NodeFs from 'node:fs';
import { SlipwayError } from '@slipway/core';

/**
 * A local file as an upload body that streams from disk, with its sha256. Node's modules are
 * reached through `process.getBuiltinModule` (Node 20.16+), not an import, so the SDK still
 * bundles for browsers, where a path cannot be read and this throws.
 */
export async function openLocalFile(path: string): Promise<{ body: Blob; digest: string }> {
  const proc = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
  const fs = proc?.getBuiltinModule?.('node:fs') as typeof NodeFs | undefined;
  const crypto = proc?.getBuiltinModule?.('node:crypto') as typeof NodeCrypto | undefined;
  if (fs === undefined || crypto === undefined) {
    throw new SlipwayError({
      code: 'INVALID_ARGUMENT',
      message: `Cannot read the local file '${path}' here (Node.js 20.16+ reads paths); pass its content (bytes, a Blob or a stream) instead.`,
    });
  }
  const hash = crypto.createHash('sha256');
  try {
    for await (const chunk of fs.createReadStream(path)) hash.update(chunk as Uint8Array);
  } catch (err) {
    throw new SlipwayError({
      code: 'INVALID_ARGUMENT',
      message: `Cannot read the local file '${path}': ${err instanceof Error ? err.message : String(err)}.`,
      cause: err,
    });
  }
  return { body: await fs.openAsBlob(path), digest: hash.digest('hex') };
}
