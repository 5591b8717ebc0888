import type { Readable } from 'node:stream';
import { invalidArgument, notFound } from '@slipway/core';
import type { ArtifactFileInfo } from '@slipway/core';
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

/** What the reader needs from the artifact, run and registry services (unchecked reads). */
export interface ArtifactUriSources {
  artifacts: {
    getChecked(path: string): Promise<Readable>;
    listChecked(path: string): Promise<ArtifactFileInfo[]>;
  };
  runs: { findInfo(runId: string): Promise<{ artifactUri: string }> };
  registry: { versionFiles(name: string, version: string): Promise<{ uri: string }> };
}

function joinUri(root: string, path: string): string {
  return path === '' ? root : `${root.replace(/\/+$/u, '')}/${path}`;
}

/**
 * Resolves a monitor's reference URI to a file of this server's artifact store, the way the
 * registry resolves a version's files (a run's artifact root, a version's download URI). The
 * monitor service authorised the monitor when it was applied; scheduled runs have no caller.
 */
export class StoreArtifactUriReader implements ArtifactUriReader {
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
    if (uri.startsWith('mlflow-artifacts:')) return storageKeyForUri(uri);
    throw invalidArgument(
      `Cannot read '${uri}': use runs:/<run id>/<path>, mlflow-artifacts:/<path> or models:/<name>/<version>/<path>.`,
    );
  }
}
