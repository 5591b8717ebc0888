import type { Readable } from 'node:stream';
import {
  checkArtifactPath,
  failedPrecondition,
  invalidArgument,
  isSlipwayError,
  notFound,
} from '@slipway/core';
import type {
  Caller,
  DatasetColumn,
  DatasetFile,
  DatasetInfo,
  DatasetStore,
  DatasetVersion,
  UnitOfWork,
} from '@slipway/core';
import type { AccessService } from '../access/access-service.js';
import { auditRecord } from '../audit/audit-record.js';
import type { AuditChange } from '../audit/audit-record.js';
import type { ServiceClock } from '../support/clock.js';
import { nextToken, resolveWindow } from '../support/paging.js';
import type { PageRequest } from '../support/paging.js';
import type { DatasetBlobs } from './datasets/dataset-blobs.js';
import { tabularFormat } from './datasets/profile-data-file.js';
import { mlflowDatasetInput } from './datasets/mlflow-dataset-input.js';
import { versionDigest } from './datasets/version-digest.js';
import type { RunService } from './run-service.js';

export interface CreateDatasetVersionRequest {
  description?: string | undefined;
  files: Array<{ path: string; digest: string; size: number }>;
}

const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,255}$/u;
const ADD_ATTEMPTS = 3;

/**
 * Versioned datasets: files are staged into content-addressed blobs (DatasetBlobs), then a
 * version is committed from their manifest in one transaction with its audit event, only once
 * every blob exists. Versions are never changed afterwards.
 *
 * Access, as for experiments: any user may create a dataset and gets MANAGE on it; READ on a
 * dataset reads it, EDIT adds versions, MANAGE grants (the permission routes); others hold the
 * server's default permission.
 */
export class DatasetService {
  constructor(
    private readonly store: DatasetStore,
    private readonly blobs: DatasetBlobs,
    private readonly uow: UnitOfWork,
    private readonly runs: RunService,
    private readonly access: AccessService,
    private readonly clock: ServiceClock,
  ) {}

  /** Stores one file's content (once per digest) and profiles it if tabular. */
  async stageFile(
    caller: Caller,
    name: string,
    path: string,
    body: Readable | Uint8Array,
  ): Promise<{ file: DatasetFile; stored: boolean }> {
    checkName(name);
    const filePath = checkArtifactPath(path);
    await this.requireAdd(caller, name);
    const staged = await this.blobs.stage(filePath, body);
    if (staged.stored) {
      await this.uow.run((s) =>
        s.audit.append([
          this.event(caller, 'dataset.file.store', name, {
            after: { path: filePath, digest: staged.digest, size: staged.size },
          }),
        ]),
      );
    }
    const file: DatasetFile = { path: filePath, digest: staged.digest, size: staged.size };
    if (staged.profile !== undefined) Object.assign(file, staged.profile);
    return { file, stored: staged.stored };
  }

  /**
   * A new version from staged files; the existing latest one (`created: false`) when the content
   * equals it. Content equal to an older version's gets a new number over the same blobs.
   */
  async createVersion(
    caller: Caller,
    name: string,
    request: CreateDatasetVersionRequest,
  ): Promise<{ version: DatasetVersion; created: boolean }> {
    checkName(name);
    const checked = await this.requireAdd(caller, name);
    const files = await this.manifest(request.files);
    const digest = versionDigest(files);
    for (let attempt = 1; ; attempt++) {
      const latest = await this.store.latestVersion(name);
      if (latest?.digest === digest) return { version: latest, created: false };
      try {
        const version = await this.uow.run(async (s) => {
          const added = await s.datasets.addVersion({
            name,
            digest,
            description: request.description?.trim() || undefined,
            size: files.reduce((sum, f) => sum + f.size, 0),
            ...tabularTotals(files),
            files,
            createdAt: this.clock.now(),
            createdBy: caller.username,
          });
          const v = added.version;
          if (added.datasetCreated) await this.access.grantCreator(s, caller, 'dataset', name);
          // Created by someone else since the check: adding to it needs EDIT after all.
          else if (!checked) await this.access.require(caller, 'dataset', name, 'update');
          await s.audit.append([
            this.event(caller, 'dataset.version.create', name, {
              after: { version: v.version, digest, files: files.length, rows: v.rows },
            }),
          ]);
          return v;
        });
        return { version, created: true };
      } catch (err) {
        // A concurrent writer took the number: look again (it may even have added this content).
        if (!isSlipwayError(err) || err.code !== 'ALREADY_EXISTS' || attempt >= ADD_ATTEMPTS) {
          throw err;
        }
      }
    }
  }

  async get(caller: Caller, name: string): Promise<DatasetInfo> {
    const dataset = await this.store.get(name);
    if (dataset === undefined) throw datasetNotFound(name);
    await this.access.require(caller, 'dataset', name, 'read');
    return dataset;
  }

  async list(
    caller: Caller,
    request: PageRequest,
  ): Promise<{ datasets: DatasetInfo[]; nextPageToken?: string | undefined }> {
    const readableBy = this.access.readableBy(caller);
    const window = resolveWindow(request, { datasets: readableBy }, { default: 100, max: 1000 });
    const page = await this.store.list(window, readableBy);
    return { datasets: page.items, nextPageToken: nextToken(page.nextOffset, window.fingerprint) };
  }

  async listVersions(
    caller: Caller,
    name: string,
    request: PageRequest,
  ): Promise<{ versions: DatasetVersion[]; nextPageToken?: string | undefined }> {
    await this.get(caller, name);
    const window = resolveWindow(request, { datasetVersions: name }, { default: 100, max: 1000 });
    const page = await this.store.listVersions(name, window);
    return { versions: page.items, nextPageToken: nextToken(page.nextOffset, window.fingerprint) };
  }

  async getVersion(
    caller: Caller,
    name: string,
    version: string | number,
  ): Promise<DatasetVersion> {
    await this.get(caller, name);
    const number = typeof version === 'number' ? version : Number(version);
    const found = Number.isSafeInteger(number)
      ? await this.store.getVersion(name, number)
      : undefined;
    if (found === undefined) {
      throw notFound(`Dataset '${name}' has no version ${String(version)}.`);
    }
    return found;
  }

  /** The content of one file of a version (streamed from its blob). */
  async downloadFile(
    caller: Caller,
    name: string,
    version: string,
    path: string,
  ): Promise<Readable> {
    const found = await this.getVersion(caller, name, version);
    const file = found.files.find((f) => f.path === path);
    if (file === undefined) {
      throw notFound(`Dataset '${name}' version ${found.version} has no file '${path}'.`);
    }
    return this.blobs.open(file.digest);
  }

  /** Records the version as an input of the run (MLflow's log-inputs), needing EDIT on the run. */
  async linkToRun(caller: Caller, name: string, version: string, runId: string): Promise<void> {
    const found = await this.getVersion(caller, name, version);
    await this.runs.logInputs(caller, runId, [mlflowDatasetInput(found)]);
    await this.uow.run((s) =>
      s.audit.append([
        this.event(caller, 'dataset.version.link', name, {
          after: { version: found.version, digest: found.digest, runId },
        }),
      ]),
    );
  }

  /** Checks the staged files: each path once, each blob stored with the size the client says. */
  private async manifest(requested: CreateDatasetVersionRequest['files']): Promise<DatasetFile[]> {
    const seen = new Set<string>();
    const files: DatasetFile[] = [];
    for (const entry of requested) {
      const path = checkArtifactPath(entry.path);
      if (seen.has(path)) throw invalidArgument(`The file '${path}' is listed twice.`);
      seen.add(path);
      const facts = await this.blobs.facts(entry.digest);
      if (facts === undefined) {
        throw failedPrecondition(
          `The content of '${path}' (sha256 ${entry.digest}) was not uploaded; PUT it to /api/v1/datasets/{name}/files/${path} first.`,
        );
      }
      if (facts.size !== entry.size) {
        throw invalidArgument(
          `'${path}' is ${entry.size} bytes in the request but its stored content is ${facts.size} bytes.`,
        );
      }
      const file: DatasetFile = { path, digest: entry.digest, size: facts.size };
      const format = tabularFormat(path);
      const shape = format === undefined ? undefined : facts.profiles?.[format];
      if (shape !== undefined) Object.assign(file, shape);
      files.push(file);
    }
    return files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  }

  /**
   * EDIT on an existing dataset; nothing more for a new one (its creator gets MANAGE). True when
   * EDIT was checked, false when the dataset did not exist yet.
   */
  private async requireAdd(caller: Caller, name: string): Promise<boolean> {
    if ((await this.store.get(name)) === undefined) return false;
    await this.access.require(caller, 'dataset', name, 'update');
    return true;
  }

  private event(caller: Caller, action: string, name: string, change: AuditChange) {
    return auditRecord(caller, this.clock.now(), action, 'dataset', name, change);
  }
}

function checkName(name: string): void {
  if (!NAME.test(name)) {
    throw invalidArgument(
      `Invalid dataset name '${name}': use 1-256 letters, digits, '.', '_' or '-', starting with a letter or digit.`,
    );
  }
}

function datasetNotFound(name: string) {
  return notFound(`No dataset named '${name}'.`);
}

/** A version's rows and columns: its tabular files' rows added, their columns joined. */
function tabularTotals(files: DatasetFile[]): { rows?: number; schema?: DatasetColumn[] } {
  const tabular = files.filter((f) => f.rows !== undefined);
  if (tabular.length === 0) return {};
  const columns = new Map<string, DatasetColumn>();
  for (const f of tabular)
    for (const c of f.schema ?? []) if (!columns.has(c.name)) columns.set(c.name, c);
  return {
    rows: tabular.reduce((sum, f) => sum + (f.rows ?? 0), 0),
    schema: [...columns.values()],
  };
}
