import type { Readable } from 'node:stream';
import { SlipwayError, invalidArgument, notFound } from '@slipway/core';
import type { ArtifactFileInfo, Caller } from '@slipway/core';
import type { AccessService } from '../../access/access-service.js';
import { artifactOwner } from '../../services/artifact-resources.js';
import { storageKeyForUri } from '../../services/artifact-service.js';

/** A located artifact: its bytes on demand, and what identifies this content for caching. */
export interface LocatedArtifact {
  /** The store-relative path, for messages and the file extension. */
  key: string;
  /** Changes when the file is replaced (its size; undefined when unknown: then never cached). */
  version: string | undefined;
  open(): Promise<Readable>;
}

/** Reads `runs:/...`, `mlflow-artifacts:/...` and `models:/<name>/<version>/<path>` URIs. */
export interface ArtifactUriReader {
  locate(uri: string): Promise<LocatedArtifact>;
}

/** Who may point a monitor at a reference file. */
export interface ReferenceAccess {
  /**
   * Throws PERMISSION_DENIED unless `caller` may read the file: READ on the registered model of a
   * `models:/` URI, else on the experiment owning the store path (admins only for paths of none).
   */
  requireReadable(caller: Caller, uri: string, access: AccessService): Promise<void>;
}

/** What the reader needs from the artifact, run and registry services (unchecked reads). */
export interface ArtifactUriSources {
  artifacts: {
    getChecked(path: string): Promise<Readable>;
    listChecked(path: string): Promise<ArtifactFileInfo[]>;
  };
  runs: { findInfo(runId: string): Promise<{ artifactUri: string }> };
  registry: {
    versionFiles(name: string, version: string): Promise<{ uri: string }>;
    /** `models:/<name>@<alias>` -> the version the alias points at now. */
    resolveUri(uri: string): Promise<{ version: string }>;
  };
}

function joinUri(root: string, path: string): string {
  return path === '' ? root : `${root.replace(/\/+$/u, '')}/${path}`;
}

/**
 * Resolves a monitor's reference URI to a file of this server's artifact store, the way the
 * registry resolves a version's files (a run's artifact root, a version's download URI). The
 * monitor service authorised the monitor when it was applied; scheduled runs have no caller.
 */
export class StoreArtifactUriReader implements ArtifactUriReader, ReferenceAccess {
  constructor(private readonly sources: ArtifactUriSources) {}

  async locate(uri: string): Promise<LocatedArtifact> {
    const key = await this.storageKey(uri);
    const slash = key.lastIndexOf('/');
    const entries = await this.sources.artifacts.listChecked(slash < 0 ? '' : key.slice(0, slash));
    const entry = entries.find((e) => e.path === key && !e.isDir);
    if (entry === undefined) throw notFound(`No file at '${uri}' (store path '${key}').`);
    return {
      key,
      version: entry.fileSize === undefined ? undefined : `size:${entry.fileSize}`,
      open: () => this.sources.artifacts.getChecked(key),
    };
  }

  async requireReadable(caller: Caller, uri: string, access: AccessService): Promise<void> {
    if (caller.isAdmin) return;
    const model = /^models:\/+([^/@]+)[/@]/u.exec(uri);
    if (model !== null) {
      await access.require(caller, 'registered_model', model[1]!, 'read');
      return;
    }
    const owner = artifactOwner(await this.storageKey(uri));
    if (owner === undefined) {
      throw new SlipwayError({
        code: 'PERMISSION_DENIED',
        message: `Permission denied: the reference '${uri}' belongs to no experiment, so only admins may use it; use a run's artifact (runs:/<run id>/<path>) instead.`,
      });
    }
    await access.require(caller, owner.type, owner.id, 'read');
  }

  private async storageKey(uri: string): Promise<string> {
    const run = /^runs:\/+([^/]+)\/(.+)$/u.exec(uri);
    if (run !== null) {
      const info = await this.sources.runs.findInfo(run[1]!);
      return storageKeyForUri(joinUri(info.artifactUri, run[2]!));
    }
    const model = /^models:\/+([^/@]+)\/([^/]+)\/(.+)$/u.exec(uri);
    if (model !== null) {
      const files = await this.sources.registry.versionFiles(model[1]!, model[2]!);
      return storageKeyForUri(joinUri(files.uri, model[3]!));
    }
    // An alias is resolved at every run: a monitor follows `@champion` as it moves.
    const aliased = /^models:\/+([^/@]+)@([^/]+)\/(.+)$/u.exec(uri);
    if (aliased !== null) {
      const name = aliased[1]!;
      const { version } = await this.sources.registry.resolveUri(`models:/${name}@${aliased[2]!}`);
      const files = await this.sources.registry.versionFiles(name, version);
      return storageKeyForUri(joinUri(files.uri, aliased[3]!));
    }
    if (uri.startsWith('mlflow-artifacts:')) return storageKeyForUri(uri);
    throw invalidArgument(
      `Cannot read '${uri}': use runs:/<run id>/<path>, mlflow-artifacts:/<path>, models:/<name>/<version>/<path> or models:/<name>@<alias>/<path>.`,
    );
  }
}
