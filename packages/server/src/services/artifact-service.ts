import type { Readable } from 'node:stream';
import { SlipwayError, checkArtifactPath, failedPrecondition, isSlipwayError } from '@slipway/core';
import type {
  AccessAction,
  ArtifactFileInfo,
  ArtifactSignature,
  ArtifactStore,
  AuditStore,
  Caller,
} from '@slipway/core';
import type { AccessService } from '../access/access-service.js';
import { auditRecord } from '../audit/audit-record.js';
import type { ServiceClock } from '../support/clock.js';
import { artifactOwner } from './artifact-resources.js';
import { readOnnxSignature } from './artifact-signature.js';
import { PROXIED_ARTIFACT_ROOT } from './experiment-service.js';
import type { RunService } from './run-service.js';
import type { VersionFileGuard } from './version-file-guard.js';

// The core types, named through the interface (core's index exports ArtifactStore only).
type MultipartArtifactUploads = NonNullable<ArtifactStore['multipart']>;
type MultipartUpload = Awaited<ReturnType<MultipartArtifactUploads['create']>>;
type MultipartUploadPart = Parameters<MultipartArtifactUploads['complete']>[2][number];

/** `details.reason` of the error for a store without multipart uploads. */
export const MULTIPART_UNSUPPORTED = 'MULTIPART_UNSUPPORTED';

/** True for the refusal of a multipart upload by a store that cannot take one. */
export function isMultipartUnsupported(err: unknown): boolean {
  return isSlipwayError(err) && err.details?.['reason'] === MULTIPART_UNSUPPORTED;
}

/**
 * Artifacts live in one store; each run owns the prefix `<experiment>/<run>/artifacts`, which its
 * artifact URI `mlflow-artifacts:/<experiment>/<run>/artifacts` names. The MLflow artifact proxy speaks
 * in store-relative paths; the native API speaks in run-relative ones. Permissions follow the
 * experiment of the path (see artifactOwner); registered versions' files cannot be overwritten or
 * deleted (VersionFileGuard).
 */
export class ArtifactService {
  constructor(
    private readonly store: ArtifactStore,
    private readonly runs: RunService,
    private readonly access: AccessService,
    private readonly guard: VersionFileGuard,
    private readonly audit: AuditStore,
    private readonly clock: ServiceClock,
  ) {}

  // Store-relative operations (MLflow's mlflow-artifacts proxy).
  async put(caller: Caller, path: string, body: Readable | Uint8Array): Promise<void> {
    const key = await this.authorize(caller, checkArtifactPath(path), 'update');
    await this.guard.assertWritable(key);
    await this.store.put(key, body);
  }

  async get(caller: Caller, path: string): Promise<Readable> {
    return this.store.get(await this.authorize(caller, checkArtifactPath(path), 'read'));
  }

  async list(caller: Caller, path: string | undefined): Promise<ArtifactFileInfo[]> {
    const key = checkArtifactPath(path ?? '', { allowEmpty: true });
    return this.store.list(await this.authorize(caller, key, 'read'));
  }

  /** Needs MANAGE on the owner (MLflow's proxy delete); audited. */
  async delete(caller: Caller, path: string): Promise<void> {
    const key = await this.authorize(caller, checkArtifactPath(path), 'delete');
    await this.guard.assertDeletable(key);
    await this.store.delete(key);
    await this.audit.append([
      auditRecord(caller, this.clock.now(), 'artifact.delete', 'artifact', key, {
        before: { path: key },
      }),
    ]);
  }

  /**
   * Starts a multipart upload to `path` whose parts the client sends to the storage service
   * itself. Checked as `put` is (EDIT on the owner, not under a registered version's files), and
   * checked again at completion, when the file appears.
   */
  async createMultipartUpload(
    caller: Caller,
    path: string,
    numParts: number,
  ): Promise<MultipartUpload> {
    const key = await this.authorize(caller, checkArtifactPath(path), 'update');
    await this.guard.assertWritable(key);
    return this.multipartUploads().create(key, numParts);
  }

  /** Joins the parts into the file at `path` (a version may have been registered meanwhile). */
  async completeMultipartUpload(
    caller: Caller,
    path: string,
    uploadId: string,
    parts: readonly MultipartUploadPart[],
  ): Promise<void> {
    const key = await this.authorize(caller, checkArtifactPath(path), 'update');
    await this.guard.assertWritable(key);
    await this.multipartUploads().complete(key, uploadId, parts);
  }

  /**
   * Discards an upload and its parts. Not refused under a registered version's files: an abort
   * never changes a stored file, and refusing it would only leave the parts behind.
   */
  async abortMultipartUpload(caller: Caller, path: string, uploadId: string): Promise<void> {
    const key = await this.authorize(caller, checkArtifactPath(path), 'update');
    await this.multipartUploads().abort(key, uploadId);
  }

  // Run-relative operations.
  async uploadRunArtifact(
    caller: Caller,
    runId: string,
    path: string,
    body: Readable | Uint8Array,
  ): Promise<void> {
    const info = await this.runs.requireActive(runId);
    await this.access.require(caller, 'experiment', info.experimentId, 'update');
    const key = `${storageKeyForUri(info.artifactUri)}/${checkArtifactPath(path)}`;
    await this.guard.assertWritable(key);
    await this.store.put(key, body);
  }

  /** The run's artifact root URI and the entries below `path`, relative to that root. */
  async listRunArtifacts(
    caller: Caller,
    runId: string,
    path: string | undefined,
  ): Promise<{ rootUri: string; files: ArtifactFileInfo[] }> {
    const info = await this.runs.getInfo(caller, runId);
    const root = storageKeyForUri(info.artifactUri);
    const rel = checkArtifactPath(path ?? '', { allowEmpty: true });
    const entries = await this.store.list(rel ? `${root}/${rel}` : root);
    // Listing returns store-relative paths; callers want them relative to the run's artifact root.
    return {
      rootUri: info.artifactUri,
      files: entries.map((e) => ({ ...e, path: e.path.slice(root.length + 1) })),
    };
  }

  async downloadRunArtifact(caller: Caller, runId: string, path: string): Promise<Readable> {
    const info = await this.runs.getInfo(caller, runId);
    return this.store.get(`${storageKeyForUri(info.artifactUri)}/${checkArtifactPath(path)}`);
  }

  /** The inputs and outputs of a run's `.onnx` artifact, for previews (READ on the run). */
  async runArtifactSignature(
    caller: Caller,
    runId: string,
    path: string,
  ): Promise<ArtifactSignature> {
    const info = await this.runs.getInfo(caller, runId);
    const rel = checkArtifactPath(path);
    return readOnnxSignature(this.store, `${storageKeyForUri(info.artifactUri)}/${rel}`, rel);
  }

  /**
   * Writes a file for a service that has checked the caller's permission itself (files staged
   * for a registry version); still refused where registered versions' files are.
   */
  async putChecked(path: string, body: Readable | Uint8Array): Promise<void> {
    const key = checkArtifactPath(path);
    await this.guard.assertWritable(key);
    await this.store.put(key, body);
  }

  /** Reads a file for a service that has checked the caller's permission itself. */
  async getChecked(path: string): Promise<Readable> {
    return this.store.get(checkArtifactPath(path));
  }

  /** Lists a directory for a service that has checked the caller's permission itself. */
  async listChecked(path: string): Promise<ArtifactFileInfo[]> {
    return this.store.list(checkArtifactPath(path, { allowEmpty: true }));
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

  private multipartUploads(): MultipartArtifactUploads {
    const uploads = this.store.multipart;
    if (uploads === undefined) {
      throw new SlipwayError({
        code: 'FAILED_PRECONDITION',
        message:
          "This server's artifact store (local files) does not take multipart uploads; upload the file in one request.",
        details: { reason: MULTIPART_UNSUPPORTED },
      });
    }
    return uploads;
  }

  /** The normalised path once `caller` may do `action` on its owner; admins only when it has none. */
  private async authorize(caller: Caller, key: string, action: AccessAction): Promise<string> {
    if (caller.isAdmin) return key;
    const owner = artifactOwner(key);
    if (owner === undefined) {
      throw new SlipwayError({
        code: 'PERMISSION_DENIED',
        message: `Permission denied: '${key || '/'}' belongs to no experiment, so only admins may ${action === 'read' ? 'read' : 'change'} it through the artifact proxy (model uploads go through /api/v1/models/<name>/uploads).`,
      });
    }
    await this.access.require(caller, owner.type, owner.id, action);
    return key;
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
