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

export class ExperimentService {
  constructor(
    private readonly store: ExperimentStore,
    private readonly uow: UnitOfWork,
    private readonly access: AccessService,
    private readonly clock: ServiceClock,
  ) {}

  async ensureDefault(): Promise<void> {
    await this.store.ensureDefault(PROXIED_ARTIFACT_ROOT, this.clock.now());
  }

  /** Any authenticated user may create one, and gets MANAGE on it. */
  async create(caller: Caller, request: CreateExperimentRequest): Promise<Experiment> {
    const name = validateEntityName('Experiment', request.name, LIMITS.maxExperimentNameLength);
    const tags = (request.tags ?? []).map(validateTag);
    checkProxiedLocation(caller, request.artifactLocation);
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
   * Runs may only be created in, and tags set on, active experiments (MLflow's INVALID_STATE).
   * No permission check: for services acting for a caller they have checked.
   */
  async requireActive(experimentId: string): Promise<Experiment> {
    const experiment = await this.find(experimentId);
    if (experiment.lifecycleStage !== 'active') {
      throw failedPrecondition(
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
    if (current.lifecycleStage === stage) return;
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

  private event(caller: Caller, action: string, experimentId: string, change: AuditChange) {
    return auditRecord(caller, this.clock.now(), action, 'experiment', experimentId, change);
  }
}

/**
 * A location inside the artifact proxy's store must not reach into another experiment's folder
 * (`<id>/...`) or the model uploads (`models/...`): runs would write into files their owners
 * hold. Other proxied folders are admins' (the proxy lets only admins use them).
 */
function checkProxiedLocation(caller: Caller, location: string | undefined): void {
  if (!location?.startsWith(PROXIED_ARTIFACT_ROOT)) return;
  const key = checkArtifactPath(location.slice(PROXIED_ARTIFACT_ROOT.length).replace(/^\/+/u, ''), {
    allowEmpty: true,
  });
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
