import { nativeRoutes as r } from '@slipway/core';
import type { Experiment, ExperimentKeys, Tag, ViewType } from '@slipway/core';
import type { Transport } from './transport.js';

export interface CreateExperimentOptions {
  name: string;
  /** Where the experiment's artifacts go; by default the server's artifact proxy. */
  artifactLocation?: string;
  tags?: Tag[];
}

export interface SearchExperimentsOptions {
  /** MLflow search syntax, e.g. `name LIKE 'fraud%' AND tags.team = 'risk'`. */
  filter?: string;
  /** e.g. `['name ASC', 'creation_time DESC']`. */
  orderBy?: string[];
  viewType?: ViewType;
  maxResults?: number;
  pageToken?: string;
}

export interface ExperimentPage {
  experiments: Experiment[];
  /** Pass back as `pageToken` for the next page; absent on the last one. */
  nextPageToken?: string | undefined;
}

/**
 * Experiments: named groups of runs.
 *
 * @example
 * ```ts
 * const exp = await client.experiments.create({ name: 'fraud-detection' });
 * const same = await client.experiments.getByName('fraud-detection');
 * ```
 */
export class ExperimentsApi {
  constructor(private readonly transport: Transport) {}

  /**
   * Creates an experiment; ALREADY_EXISTS if the name is taken (by a deleted one too).
   *
   * @example
   * ```ts
   * const { experimentId } = await client.experiments.create({ name: 'churn', tags: [{ key: 'team', value: 'risk' }] });
   * ```
   */
  async create(options: CreateExperimentOptions): Promise<Experiment> {
    return (await this.transport.call(r.createExperiment, { body: options })).experiment;
  }

  /**
   * Gets an experiment by id; NOT_FOUND if there is none.
   *
   * @example
   * ```ts
   * const exp = await client.experiments.get('1');
   * ```
   */
  async get(experimentId: string): Promise<Experiment> {
    return (await this.transport.call(r.getExperiment, { params: { experimentId } })).experiment;
  }

  /**
   * Gets an experiment by its exact name; NOT_FOUND if there is none.
   *
   * @example
   * ```ts
   * const exp = await client.experiments.getByName('churn');
   * ```
   */
  async getByName(name: string): Promise<Experiment> {
    return (await this.transport.call(r.getExperimentByName, { query: { name } })).experiment;
  }

  /**
   * One page of experiments matching a filter.
   *
   * @example
   * ```ts
   * const { experiments, nextPageToken } = await client.experiments.search({ filter: "name LIKE 'churn%'", maxResults: 50 });
   * ```
   */
  async search(options: SearchExperimentsOptions = {}): Promise<ExperimentPage> {
    return this.transport.call(r.searchExperiments, { query: { ...options } });
  }

  /**
   * Renames an experiment.
   *
   * @example
   * ```ts
   * await client.experiments.rename('1', 'churn-v2');
   * ```
   */
  async rename(experimentId: string, newName: string): Promise<Experiment> {
    const res = await this.transport.call(r.renameExperiment, {
      params: { experimentId },
      body: { name: newName },
    });
    return res.experiment;
  }

  /**
   * Soft-deletes an experiment (restorable); the Default experiment cannot be deleted.
   *
   * @example
   * ```ts
   * await client.experiments.delete('1');
   * ```
   */
  async delete(experimentId: string): Promise<void> {
    await this.transport.call(r.deleteExperiment, { params: { experimentId } });
  }

  /**
   * Restores a deleted experiment.
   *
   * @example
   * ```ts
   * await client.experiments.restore('1');
   * ```
   */
  async restore(experimentId: string): Promise<void> {
    await this.transport.call(r.restoreExperiment, { params: { experimentId } });
  }

  /**
   * Sets (or overwrites) a tag.
   *
   * @example
   * ```ts
   * await client.experiments.setTag('1', 'owner', 'ada');
   * ```
   */
  async setTag(experimentId: string, key: string, value: string): Promise<void> {
    await this.transport.call(r.setExperimentTag, {
      params: { experimentId, key },
      body: { value },
    });
  }

  /**
   * Deletes a tag; NOT_FOUND if it is not set.
   *
   * @example
   * ```ts
   * await client.experiments.deleteTag('1', 'owner');
   * ```
   */
  async deleteTag(experimentId: string, key: string): Promise<void> {
    await this.transport.call(r.deleteExperimentTag, { params: { experimentId, key } });
  }

  /**
   * The param, metric and tag keys logged to the experiment's runs (active ones unless `viewType`
   * says otherwise), sorted: the columns a runs table can show. MLflow's own `mlflow.*` tags come
   * apart in `systemTags`.
   *
   * @example
   * ```ts
   * const { params, metrics, tags } = await client.experiments.keys('1');
   * ```
   */
  async keys(experimentId: string, options: { viewType?: ViewType } = {}): Promise<ExperimentKeys> {
    return this.transport.call(r.getExperimentKeys, {
      params: { experimentId },
      query: { ...options },
    });
  }
}
