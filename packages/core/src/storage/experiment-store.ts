import type { Page, Tag } from '../domain/common.js';
import type { Experiment } from '../domain/experiment.js';
import type { ExperimentSearchQuery } from './queries.js';

export interface CreateExperimentInput {
  name: string;
  /** When absent the store sets `${defaultArtifactRoot}/${experimentId}`. */
  artifactLocation?: string | undefined;
  defaultArtifactRoot: string;
  tags: Tag[];
  time: number;
}

export interface ExperimentPatch {
  name?: string;
  lifecycleStage?: 'active' | 'deleted';
}

/**
 * Experiments. Names are unique (ALREADY_EXISTS on clash, including deleted experiments, as MLflow).
 * Ids are decimal strings allocated by the store; "0" is reserved for the Default experiment,
 * which `ensureDefault` creates if missing.
 */
export interface ExperimentStore {
  ensureDefault(defaultArtifactRoot: string, time: number): Promise<void>;
  create(input: CreateExperimentInput): Promise<Experiment>;
  get(experimentId: string): Promise<Experiment | undefined>;
  getByName(name: string): Promise<Experiment | undefined>;
  search(query: ExperimentSearchQuery): Promise<Page<Experiment>>;
  /** NOT_FOUND if missing; ALREADY_EXISTS if a rename clashes. Bumps lastUpdateTime. */
  update(experimentId: string, patch: ExperimentPatch, time: number): Promise<Experiment>;
  setTag(experimentId: string, tag: Tag, time: number): Promise<void>;
  deleteTag(experimentId: string, key: string, time: number): Promise<void>;
}
