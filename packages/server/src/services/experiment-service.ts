import {
  LIMITS,
  failedPrecondition,
  invalidArgument,
  notFound,
  parseExperimentFilter,
  parseExperimentOrderBy,
  validateEntityName,
  validateTag,
} from '@slipway/core';
import type { Experiment, ExperimentStore, Tag, ViewType } from '@slipway/core';
import { nextToken, resolveWindow } from './paging.js';
import type { PageRequest } from './paging.js';
import type { ServiceClock } from './service-context.js';

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
    private readonly clock: ServiceClock,
  ) {}

  async ensureDefault(): Promise<void> {
    await this.store.ensureDefault(PROXIED_ARTIFACT_ROOT, this.clock.now());
  }

  async create(request: CreateExperimentRequest): Promise<Experiment> {
    const name = validateEntityName('Experiment', request.name, LIMITS.maxExperimentNameLength);
    const tags = (request.tags ?? []).map(validateTag);
    return this.store.create({
      name,
      artifactLocation: request.artifactLocation || undefined,
      defaultArtifactRoot: PROXIED_ARTIFACT_ROOT,
      tags,
      time: this.clock.now(),
    });
  }

  async get(experimentId: string): Promise<Experiment> {
    const experiment = await this.store.get(checkId(experimentId));
    if (!experiment) throw notFound(`No experiment with id '${experimentId}'.`);
    return experiment;
  }

  async getByName(name: string): Promise<Experiment> {
    const experiment = await this.store.getByName(name);
    if (!experiment) throw notFound(`No experiment named '${name}'.`);
    return experiment;
  }

  async search(
    request: SearchExperimentsRequest,
  ): Promise<{ experiments: Experiment[]; nextPageToken?: string | undefined }> {
    const filter = parseExperimentFilter(request.filter);
    const orderBy = parseExperimentOrderBy(request.orderBy);
    const viewType = request.viewType ?? 'ACTIVE_ONLY';
    const window = resolveWindow(
      request,
      { filter, orderBy, viewType },
      {
        default: LIMITS.defaultMaxResultsSearchExperiments,
        max: LIMITS.maxResultsSearchExperiments,
      },
    );
    const page = await this.store.search({ filter, orderBy, viewType, ...window });
    return {
      experiments: page.items,
      nextPageToken: nextToken(page.nextOffset, window.fingerprint),
    };
  }

  async rename(experimentId: string, newName: string): Promise<Experiment> {
    const name = validateEntityName('Experiment', newName, LIMITS.maxExperimentNameLength);
    const current = await this.get(experimentId);
    if (current.lifecycleStage !== 'active') {
      throw failedPrecondition(`Cannot rename experiment '${experimentId}': it is deleted.`);
    }
    return this.store.update(experimentId, { name }, this.clock.now());
  }

  async delete(experimentId: string): Promise<void> {
    if (experimentId === '0') {
      throw failedPrecondition('The Default experiment (id 0) cannot be deleted.');
    }
    const current = await this.get(experimentId);
    if (current.lifecycleStage === 'deleted') return;
    await this.store.update(experimentId, { lifecycleStage: 'deleted' }, this.clock.now());
  }

  async restore(experimentId: string): Promise<void> {
    const current = await this.get(experimentId);
    if (current.lifecycleStage === 'active') return;
    await this.store.update(experimentId, { lifecycleStage: 'active' }, this.clock.now());
  }

  async setTag(experimentId: string, tag: Tag): Promise<void> {
    await this.requireActive(experimentId);
    await this.store.setTag(experimentId, validateTag(tag), this.clock.now());
  }

  async deleteTag(experimentId: string, key: string): Promise<void> {
    const experiment = await this.requireActive(experimentId);
    if (!experiment.tags.some((t) => t.key === key)) {
      throw notFound(`No tag with name '${key}' in experiment '${experimentId}'.`);
    }
    await this.store.deleteTag(experimentId, key, this.clock.now());
  }

  /** Runs may only be created in, and tags set on, active experiments (MLflow's INVALID_STATE). */
  async requireActive(experimentId: string): Promise<Experiment> {
    const experiment = await this.get(experimentId);
    if (experiment.lifecycleStage !== 'active') {
      throw failedPrecondition(
        `The experiment ${experimentId} must be in the 'active' state. Current state is ${experiment.lifecycleStage}.`,
      );
    }
    return experiment;
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
