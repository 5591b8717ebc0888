import { isAbsolute, relative, sep } from 'node:path';
import {
  LIMITS,
  SlipwayError,
  checkArtifactPath,
  failedPrecondition,
  invalidArgument,
  notFound,
  parseExperimentFilter,
  parseExperimentOrderBy,
  validateEntityName,
  validateTag,
  validateText,
} from '@slipway/core';
import type { Caller, Experiment, ExperimentStore, Tag, UnitOfWork, ViewType } from '@slipway/core';
import type { AccessService } from '../access/access-service.js';
import { auditRecord } from '../audit/audit-record.js';
import type { AuditChange } from '../audit/audit-record.js';
import type { ServiceClock } from '../support/clock.js';
import { nextToken, resolveWindow } from '../support/paging.js';
import type { PageRequest } from '../support/paging.js';

export interface CreateExperimentRequest {
  name: string;
  artifactLocation?: string | undefined;
  tags?: Tag[] | undefined;
}

export interface SearchExperimentsRequest extends PageRequest {
  filter?: string | undefined;
  orderBy?: string[] | undefined;
  viewType?: ViewType | undefined;
}

/** The artifact root every experiment gets unless it names its own: served through the proxy. */
export const PROXIED_ARTIFACT_ROOT = 'mlflow-artifacts:';

/** Where an artifact URI points: a local directory, or a bucket and key prefix. */
export type ArtifactStoreLocation =
  { kind: 'file'; root: string } | { kind: 's3'; bucket: string; prefix: string };

/**
 * The server's artifact store, as the composition root opened it, and the parser of its URI, so
 * an experiment's own location can be compared with it (`file:`, plain paths and `s3://` are read
 * exactly as the store's URI is).
 */
export interface ArtifactRoot {
  store: ArtifactStoreLocation;
  /** Throws INVALID_ARGUMENT for a URI no artifact store could have. */
  locate(uri: string): ArtifactStoreLocation;
}

export class ExperimentService {
  constructor(
    private readonly store: ExperimentStore,
    private readonly uow: UnitOfWork,
    private readonly access: AccessService,
    private readonly clock: ServiceClock,
    private readonly artifactRoot: ArtifactRoot,
  ) {}

  async ensureDefault(): Promise<void> {
    await this.store.ensureDefault(PROXIED_ARTIFACT_ROOT, this.clock.now());
  }

  /** Any authenticated user may create one, and gets MANAGE on it. */
  async create(caller: Caller, request: CreateExperimentRequest): Promise<Experiment> {
    const name = validateEntityName('Experiment', request.name, LIMITS.maxExperimentNameLength);
    const tags = (request.tags ?? []).map(validateTag);
    this.checkLocation(caller, request.artifactLocation);
    return this.uow.run(async (s) => {
      const experiment = await s.experiments.create({
        name,
        artifactLocation: request.artifactLocation || undefined,
        defaultArtifactRoot: PROXIED_ARTIFACT_ROOT,
        tags,
        time: this.clock.now(),
      });
      await this.access.grantCreator(s, caller, 'experiment', experiment.experimentId);
      await s.audit.append([
        this.event(caller, 'experiment.create', experiment.experimentId, {
          after: { name, artifactLocation: experiment.artifactLocation, tags },
        }),
      ]);
      return experiment;
    });
  }

  async get(caller: Caller, experimentId: string): Promise<Experiment> {
    const experiment = await this.find(experimentId);
    await this.access.require(caller, 'experiment', experiment.experimentId, 'read');
    return experiment;
  }

  async getByName(caller: Caller, name: string): Promise<Experiment> {
    const experiment = await this.store.getByName(name);
    if (!experiment) throw notFound(`No experiment named '${name}'.`);
    await this.access.require(caller, 'experiment', experiment.experimentId, 'read');
    return experiment;
  }

  /** Only the experiments the caller may read. */
  async search(
    caller: Caller,
    request: SearchExperimentsRequest,
  ): Promise<{ experiments: Experiment[]; nextPageToken?: string | undefined }> {
    const filter = parseExperimentFilter(request.filter);
    const orderBy = parseExperimentOrderBy(request.orderBy);
    const viewType = request.viewType ?? 'ACTIVE_ONLY';
    const readableBy = this.access.readableBy(caller);
    const window = resolveWindow(
      request,
      { filter, orderBy, viewType, readableBy },
      {
        default: LIMITS.defaultMaxResultsSearchExperiments,
        max: LIMITS.maxResultsSearchExperiments,
      },
    );
    const page = await this.store.search({ filter, orderBy, viewType, readableBy, ...window });
    return {
      experiments: page.items,
      nextPageToken: nextToken(page.nextOffset, window.fingerprint),
    };
  }

  async rename(caller: Caller, experimentId: string, newName: string): Promise<Experiment> {
    const name = validateEntityName('Experiment', newName, LIMITS.maxExperimentNameLength);
    const current = await this.get(caller, experimentId);
    await this.access.require(caller, 'experiment', current.experimentId, 'update');
    if (current.lifecycleStage !== 'active') {
      throw failedPrecondition(`Cannot rename experiment '${experimentId}': it is deleted.`);
    }
    return this.uow.run(async (s) => {
      const renamed = await s.experiments.update(current.experimentId, { name }, this.clock.now());
      await s.audit.append([
        this.event(caller, 'experiment.rename', current.experimentId, {
          before: { name: current.name },
          after: { name },
        }),
      ]);
      return renamed;
    });
  }

  /** Needs MANAGE (MLflow's can_delete); its runs are deleted with it. */
  async delete(caller: Caller, experimentId: string): Promise<void> {
    if (experimentId === '0') {
      throw failedPrecondition('The Default experiment (id 0) cannot be deleted.');
    }
    await this.setStage(caller, experimentId, 'deleted');
  }

  /** Needs MANAGE, as deleting does. */
  async restore(caller: Caller, experimentId: string): Promise<void> {
    await this.setStage(caller, experimentId, 'active');
  }

  async setTag(caller: Caller, experimentId: string, tag: Tag): Promise<void> {
    const checked = validateTag(tag);
    const experiment = await this.requireActive(experimentId);
    await this.access.require(caller, 'experiment', experiment.experimentId, 'update');
    const before = experiment.tags.find((t) => t.key === checked.key);
    await this.uow.run(async (s) => {
      await s.experiments.setTag(experiment.experimentId, checked, this.clock.now());
      await s.audit.append([
        this.event(caller, 'experiment.tag.set', experiment.experimentId, {
          ...(before ? { before: { tag: before } } : {}),
          after: { tag: checked },
        }),
      ]);
    });
  }

  async deleteTag(caller: Caller, experimentId: string, key: string): Promise<void> {
    const experiment = await this.requireActive(experimentId);
    await this.access.require(caller, 'experiment', experiment.experimentId, 'update');
    const before = experiment.tags.find((t) => t.key === key);
    if (!before) {
      throw notFound(`No tag with name '${key}' in experiment '${experimentId}'.`);
    }
    await this.uow.run(async (s) => {
      await s.experiments.deleteTag(experiment.experimentId, key, this.clock.now());
      await s.audit.append([
        this.event(caller, 'experiment.tag.delete', experiment.experimentId, {
          before: { tag: before },
        }),
      ]);
    });
  }

  /**
   * Runs may only be created in, and tags set on, active experiments (MLflow's
   * INVALID_PARAMETER_VALUE, with its message). No permission check: for services acting for a
   * caller they have checked.
   */
  async requireActive(experimentId: string): Promise<Experiment> {
    const experiment = await this.find(experimentId);
    if (experiment.lifecycleStage !== 'active') {
      throw invalidArgument(
        `The experiment ${experimentId} must be in the 'active' state. Current state is ${experiment.lifecycleStage}.`,
      );
    }
    return experiment;
  }

  /** The experiment without a permission check (for services that check their own). */
  async find(experimentId: string): Promise<Experiment> {
    const experiment = await this.store.get(checkId(experimentId));
    if (!experiment) throw notFound(`No experiment with id '${experimentId}'.`);
    return experiment;
  }

  private async setStage(
    caller: Caller,
    experimentId: string,
    stage: 'active' | 'deleted',
  ): Promise<void> {
    const current = await this.find(experimentId);
    await this.access.require(caller, 'experiment', current.experimentId, 'delete');
    // MLflow looks the experiment up among the active ones to delete it and among the deleted
    // ones to restore it, so deleting twice or restoring an active one is RESOURCE_DOES_NOT_EXIST.
    if (current.lifecycleStage === stage) {
      throw notFound(`No Experiment with id=${current.experimentId} exists`);
    }
    await this.uow.run(async (s) => {
      await s.experiments.update(current.experimentId, { lifecycleStage: stage }, this.clock.now());
      await s.audit.append([
        this.event(
          caller,
          stage === 'deleted' ? 'experiment.delete' : 'experiment.restore',
          current.experimentId,
          { before: { lifecycleStage: current.lifecycleStage }, after: { lifecycleStage: stage } },
        ),
      ]);
    });
  }

  /**
   * An experiment's own artifact location, checked when it is set rather than when a run first
   * writes there: at most MLflow's length, never a `runs:/` URI (as MLflow), and inside this
   * server's artifact store, either through the proxy (`mlflow-artifacts:/...`) or as the store's
   * own `file:` / `s3://` location. Runs write where their experiment points, so a location
   * elsewhere would send artifacts past the proxy, its permission checks and its audit.
   */
  private checkLocation(caller: Caller, location: string | undefined): void {
    if (location === undefined || location === '') return;
    validateText('artifact_location', location, LIMITS.maxArtifactLocationLength);
    if (location.startsWith(PROXIED_ARTIFACT_ROOT)) {
      const key = location.slice(PROXIED_ARTIFACT_ROOT.length).replace(/^\/+/u, '');
      checkStoreKey(caller, location, key);
      return;
    }
    if (/^runs:/iu.test(location)) {
      throw invalidArgument(`Artifact location cannot be a runs:/ URI. Given: '${location}'.`);
    }
    const key = this.storeKeyOf(location);
    if (key === undefined) {
      throw invalidArgument(
        `Invalid artifact location '${location}': it is outside this server's artifact store, so runs would write their artifacts past the server. Leave the location out (the server places the experiment in its store, served as mlflow-artifacts:/<id>) or name a folder through the proxy, such as 'mlflow-artifacts:/team/<name>'.`,
      );
    }
    checkStoreKey(caller, location, key);
  }

  /** The store-relative key of a `file:` / path / `s3://` location inside the store, else undefined. */
  private storeKeyOf(location: string): string | undefined {
    let target: ArtifactStoreLocation;
    try {
      target = this.artifactRoot.locate(location);
    } catch (err) {
      if (err instanceof SlipwayError) return undefined;
      throw err;
    }
    const store = this.artifactRoot.store;
    if (store.kind === 'file' && target.kind === 'file') {
      const rel = relative(store.root, target.root);
      if (rel === '') return '';
      if (rel === '..' || rel.startsWith(`..${sep}`) || isAbsolute(rel)) return undefined;
      return rel.split(sep).join('/');
    }
    if (store.kind === 's3' && target.kind === 's3' && store.bucket === target.bucket) {
      if (store.prefix === '') return target.prefix;
      if (target.prefix === store.prefix) return '';
      if (target.prefix.startsWith(`${store.prefix}/`)) {
        return target.prefix.slice(store.prefix.length + 1);
      }
    }
    return undefined;
  }

  private event(caller: Caller, action: string, experimentId: string, change: AuditChange) {
    return auditRecord(caller, this.clock.now(), action, 'experiment', experimentId, change);
  }
}

/**
 * A location inside the server's artifact store must not reach into another experiment's folder
 * (`<id>/...`) or the model uploads (`models/...`): runs would write into files their owners
 * hold. Other folders are admins' (the proxy lets only admins use them).
 */
function checkStoreKey(caller: Caller, location: string, storeKey: string): void {
  const key = checkArtifactPath(storeKey, { allowEmpty: true });
  const [first] = key.split('/');
  if (key === '' || first === 'models' || /^\d+$/u.test(first ?? '')) {
    throw invalidArgument(
      `Invalid artifact location '${location}': the store's root, its numbered experiment folders and models/ are the server's own; leave the location out (the server picks one) or use another folder.`,
    );
  }
  if (!caller.isAdmin) {
    throw new SlipwayError({
      code: 'PERMISSION_DENIED',
      message: `Permission denied: only admins may place an experiment's artifacts at '${location}'; leave the location out and the server picks one for the experiment.`,
    });
  }
}

function checkId(experimentId: string): string {
  if (!/^\d{1,18}$/u.test(experimentId)) {
    throw invalidArgument(
      `Invalid experiment id '${experimentId}': experiment ids are decimal integers.`,
    );
  }
  return experimentId;
}
