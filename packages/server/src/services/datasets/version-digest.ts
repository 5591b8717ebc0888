import { createHash } from 'node:crypto';

/**
 * A version's identity. One file: its own sha256, so the digest users see is the one `sha256sum`
 * prints. Several: the sha256 of the manifest sorted by path, one `<path>\t<sha256>\n` line per
 * file, so renaming a file changes the version as much as changing its bytes.
 */
export function versionDigest(files: ReadonlyArray<{ path: string; digest: string }>): string {
  if (files.length === 1) return files[0]!.digest;
  const sorted = [...files].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const hash = createHash('sha256');
  for (const f of sorted) hash.update(`${f.path}\t${f.digest}\n`);
  return hash.digest('hex');
}
