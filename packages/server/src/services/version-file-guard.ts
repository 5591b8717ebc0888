import { failedPrecondition } from '@slipway/core';
import type { ModelRegistryStore } from '@slipway/core';

/** Every ancestor of a normalised path and the path itself: `a`, `a/b`, `a/b/c`. */
export function selfAndAncestors(path: string): string[] {
  const parts = path.split('/');
  return parts.map((_, i) => parts.slice(0, i + 1).join('/'));
}

/**
 * Keeps registered versions' files immutable: a write at or below a version's storage location,
 * or a delete that would remove any of it, is refused. Without this, reusing an upload id or
 * writing through the artifact proxy would change what a version serves, and two servers would
 * serve different models under one version.
 */
export class VersionFileGuard {
  constructor(
    private readonly store: Pick<ModelRegistryStore, 'versionsAtLocations' | 'versionsUnder'>,
  ) {}

  async assertWritable(path: string): Promise<void> {
    const [owner] = await this.store.versionsAtLocations(selfAndAncestors(path));
    if (owner !== undefined) throw immutable(path, owner);
  }

  async assertDeletable(path: string): Promise<void> {
    const [owner] =
      path === ''
        ? await this.store.versionsUnder('')
        : [
            ...(await this.store.versionsAtLocations(selfAndAncestors(path))),
            ...(await this.store.versionsUnder(path)),
          ];
    if (owner !== undefined) throw immutable(path, owner);
  }
}

function immutable(path: string, owner: { name: string; version: string }) {
  return failedPrecondition(
    `'${path}' holds files of model '${owner.name}' version ${owner.version}, which cannot change once registered; register a new version with new files instead.`,
    { path, model: owner.name, version: owner.version },
  );
}
