import { checkArtifactPath } from '@slipway/core';
import type { ArtifactFileInfo } from '@slipway/core';

/**
 * The store-relative path of child `name` of directory `relDir`, or undefined when the name could
 * not be addressed back through the store (made by another tool: '..', backslashes, control
 * characters, empty S3 key segments). Listing only what `get` accepts keeps backends consistent.
 */
export function childArtifactPath(relDir: string, name: string): string | undefined {
  if (name === '' || name.includes('/')) return undefined;
  const path = relDir === '' ? name : `${relDir}/${name}`;
  try {
    return checkArtifactPath(path) === path ? path : undefined;
  } catch {
    return undefined;
  }
}

/** Sorts by path in code-unit order, the same order on every backend. */
export function sortByPath(infos: ArtifactFileInfo[]): ArtifactFileInfo[] {
  return infos.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}
