import { profileTable } from '@slipway/core';
import type { DataProfile } from '@slipway/core';
import type { ArtifactUriReader } from './artifact-uri-reader.js';
import { LruCache } from './lru-cache.js';
import { readDatasetArtifact, readProfileArtifact } from './reference-files.js';

/** Profiles are small (sketches, not rows); a few cover every monitor a server usually runs. */
const CACHED_REFERENCES = 16;

export interface ArtifactReference {
  type: 'dataset' | 'profile';
  uri: string;
}

/**
 * A dataset or profile reference as a profile. A dataset is read and profiled once per content
 * (store path and size), so a scheduled monitor does not re-read its training set on every run:
 * drift is then computed from the profile (`driftFromProfiles`), exact for columns the profile
 * keeps whole and sketch-approximated for larger ones.
 */
export class ReferenceProfiles {
  private readonly cache = new LruCache<string, DataProfile>(CACHED_REFERENCES);

  constructor(private readonly artifacts: ArtifactUriReader) {}

  async load(reference: ArtifactReference): Promise<DataProfile> {
    const artifact = await this.artifacts.locate(reference.uri);
    const key =
      artifact.version === undefined
        ? undefined
        : JSON.stringify([reference.type, artifact.key, artifact.version]);
    const cached = key === undefined ? undefined : this.cache.get(key);
    if (cached !== undefined) return cached;
    const profile =
      reference.type === 'profile'
        ? await readProfileArtifact(artifact)
        : profileTable(await readDatasetArtifact(artifact));
    if (key !== undefined) this.cache.set(key, profile);
    return profile;
  }
}
