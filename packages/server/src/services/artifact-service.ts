import type { Readable } from 'node:stream';
import { checkArtifactPath, failedPrecondition } from '@slipway/core';
import type { ArtifactFileInfo, ArtifactStore } from '@slipway/core';
import { PROXIED_ARTIFACT_ROOT } from './experiment-service.js';
import type { RunService } from './run-service.js';

/**
 * Artifacts live in one store; each run owns the prefix `<experiment>/<run>/artifacts`, which its
 * artifact URI `mlflow-artifacts:/<experiment>/<run>/artifacts` names. The MLflow artifact proxy speaks
 * in store-relative paths; the native API speaks in run-relative ones.
 */
export class ArtifactService {
  constructor(
    private readonly store: ArtifactStore,
    private readonly runs: RunService,
  ) {}

  // Store-relative operations (MLflow's mlflow-artifacts proxy).
  async put(path: string, body: Readable | Uint8Array): Promise<void> {
    await this.store.put(checkArtifactPath(path), body);
  }

  async get(path: string): Promise<Readable> {
    return this.store.get(checkArtifactPath(path));
  }

  async list(path: string | undefined): Promise<ArtifactFileInfo[]> {
    return this.store.list(checkArtifactPath(path ?? '', { allowEmpty: true }));
  }

  async delete(path: string): Promise<void> {
    await this.store.delete(checkArtifactPath(path));
  }

  // Run-relative operations.
  async runRoot(runId: string): Promise<string> {
    const info = await this.runs.getInfo(runId);
    return storageKeyForUri(info.artifactUri);
  }

  async uploadRunArtifact(runId: string, path: string, body: Readable | Uint8Array): Promise<void> {
    await this.runs.requireActive(runId);
    const root = await this.runRoot(runId);
    await this.store.put(`${root}/${checkArtifactPath(path)}`, body);
  }

  async listRunArtifacts(runId: string, path: string | undefined): Promise<ArtifactFileInfo[]> {
    const root = await this.runRoot(runId);
    const rel = checkArtifactPath(path ?? '', { allowEmpty: true });
    const entries = await this.store.list(rel ? `${root}/${rel}` : root);
    // Listing returns store-relative paths; callers want them relative to the run's artifact root.
    return entries.map((e) => ({ ...e, path: e.path.slice(root.length + 1) }));
  }

  async downloadRunArtifact(runId: string, path: string): Promise<Readable> {
    const root = await this.runRoot(runId);
    return this.store.get(`${root}/${checkArtifactPath(path)}`);
  }

  /** Every file under `prefix` (store-relative), depth first, for copying model directories. */
  async walk(prefix: string): Promise<ArtifactFileInfo[]> {
    const out: ArtifactFileInfo[] = [];
    const pending = [checkArtifactPath(prefix, { allowEmpty: true })];
    while (pending.length > 0) {
      const dir = pending.pop() as string;
      for (const entry of await this.store.list(dir)) {
        if (entry.isDir) pending.push(entry.path);
        else out.push(entry);
      }
    }
    return out.sort((a, b) => a.path.localeCompare(b.path));
  }
}

/** `mlflow-artifacts:/1/abc/artifacts/model` -> `1/abc/artifacts/model`. */
export function storageKeyForUri(uri: string): string {
  if (!uri.startsWith(PROXIED_ARTIFACT_ROOT)) {
    throw failedPrecondition(
      `Artifact location '${uri}' is not served by this server's artifact proxy; use the storage it names directly.`,
    );
  }
  return checkArtifactPath(uri.slice(PROXIED_ARTIFACT_ROOT.length).replace(/^\/+/u, ''), {
    allowEmpty: true,
  });
}
