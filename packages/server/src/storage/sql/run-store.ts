import { transact } from './transact.js';
import { randomUUID } from 'node:crypto';
import type { Kysely, Updateable } from 'kysely';
import {
  RUN_NAME_TAG,
  alreadyExists,
  notFound,
  type CreateRunInput,
  type DatasetInput,
  type LogBatchInput,
  type LifecycleStage,
  type LogBatchOptions,
  type Metric,
  type MetricStepSummary,
  type Page,
  type Run,
  type RunInfo,
  type RunPatch,
  type RunSearchQuery,
  type RunKeys,
  type RunStore,
  type StepRange,
  type Tag,
} from '@slipway/core';
import { experimentKeys } from './experiment-keys.js';
import { metricPointsAt, sampleMetricSteps, summarizeMetricSteps } from './metric-steps.js';
import { datasetLinks } from './run-dataset-links.js';
import { searchDatasets } from './run-datasets.js';
import { logBatch } from './run-log-batch.js';
import { logInputs } from './run-log-inputs.js';
import { loadRuns } from './run-loader.js';
import { searchRuns } from './run-search.js';
import type { SlipwaySchema } from './schema.js';
import type { RunsTable } from './schema-tracking.js';
import type { SqlDatabase } from './sql-database.js';
import { translateSqlErrors } from './sql-errors.js';
import { experimentNotFound, runNotFound } from './tracking-not-found.js';
import { experimentIdToInt, metricFromRow, runInfoFromRow } from './tracking-rows.js';

/** Runs, their params, tags, metrics and dataset inputs in SQLite or PostgreSQL. */
export class SqlRunStore implements RunStore {
  private readonly db: Kysely<SlipwaySchema>;

  constructor(private readonly database: SqlDatabase) {
    this.db = database.db;
  }

  /**
   * The run name and the `mlflow.runName` tag are one value (MLflow keeps them in sync): a
   * non-empty runName overrides the tag, otherwise the tag names the run.
   */
  async create(input: CreateRunInput): Promise<Run> {
    const experimentId = experimentIdToInt(input.experimentId);
    if (experimentId === undefined) throw experimentNotFound(input.experimentId);
    const byKey = new Map<string, string>();
    for (const t of input.tags) byKey.set(t.key, t.value);
    const runName = input.runName !== '' ? input.runName : (byKey.get(RUN_NAME_TAG) ?? '');
    if (runName !== '') byKey.set(RUN_NAME_TAG, runName);
    const tags: Tag[] = [...byKey]
      .map(([key, value]) => ({ key, value }))
      .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    const row: RunsTable = {
      run_id: input.runId,
      name: runName,
      experiment_id: experimentId,
      user_id: input.userId,
      status: input.status,
      start_time: input.startTime,
      end_time: null,
      artifact_uri: input.artifactUri,
      lifecycle_stage: 'active',
      deleted_time: null,
    };
    await translateSqlErrors(
      () =>
        transact(this.db, async (trx) => {
          await trx.insertInto('runs').values(row).execute();
          if (tags.length > 0) {
            await trx
              .insertInto('run_tags')
              .values(tags.map((t) => ({ run_id: input.runId, key: t.key, value: t.value })))
              .execute();
          }
        }),
      {
        unique: () =>
          alreadyExists(`Run with id=${input.runId} already exists`, { runId: input.runId }),
        'foreign-key': () => experimentNotFound(input.experimentId),
      },
    );
    return {
      info: runInfoFromRow(row),
      data: { metrics: [], params: [], tags },
      inputs: { datasetInputs: [] },
    };
  }

  async get(runId: string): Promise<Run | undefined> {
    const row = await this.selectRun(runId);
    if (row === undefined) return undefined;
    const [run] = await loadRuns(this.db, [row]);
    return run;
  }

  async getInfo(runId: string): Promise<RunInfo | undefined> {
    const row = await this.selectRun(runId);
    return row && runInfoFromRow(row);
  }

  async update(runId: string, patch: RunPatch): Promise<RunInfo> {
    const set: Updateable<RunsTable> = {};
    if (patch.status !== undefined) set.status = patch.status;
    if (patch.endTime !== undefined) set.end_time = patch.endTime;
    if (patch.runName !== undefined) set.name = patch.runName;
    if (patch.lifecycleStage !== undefined) set.lifecycle_stage = patch.lifecycleStage;
    if (patch.deletedTime !== undefined) set.deleted_time = patch.deletedTime;
    if (Object.keys(set).length === 0) {
      const info = await this.getInfo(runId);
      if (info === undefined) throw runNotFound(runId);
      return info;
    }
    const row = await transact(this.db, async (trx) => {
      // The run row first, then its tag: the same lock order as logBatch renaming via the tag.
      const updated = await trx
        .updateTable('runs')
        .set(set)
        .where('run_id', '=', runId)
        .returningAll()
        .executeTakeFirst();
      if (updated === undefined) throw runNotFound(runId);
      if (patch.runName !== undefined) {
        await trx
          .insertInto('run_tags')
          .values({ run_id: runId, key: RUN_NAME_TAG, value: patch.runName })
          .onConflict((oc) =>
            oc
              .columns(['run_id', 'key'])
              .doUpdateSet((eb) => ({ value: eb.ref('excluded.value') })),
          )
          .execute();
      }
      return updated;
    });
    return runInfoFromRow(row);
  }

  logBatch(runId: string, batch: LogBatchInput, options?: LogBatchOptions): Promise<void> {
    return logBatch(this.database, runId, batch, options);
  }

  async deleteTag(runId: string, key: string): Promise<void> {
    const result = await this.db
      .deleteFrom('run_tags')
      .where('run_id', '=', runId)
      .where('key', '=', key)
      .executeTakeFirst();
    if (result.numDeletedRows > 0n) return;
    if ((await this.selectRun(runId)) === undefined) throw runNotFound(runId);
    throw notFound(`No tag with name: ${key} in run with id ${runId}`, { runId, key });
  }

  logInputs(runId: string, inputs: DatasetInput[]): Promise<void> {
    return logInputs(this.db, runId, inputs, randomUUID);
  }

  searchDatasets(experimentIds: string[], limit: number): ReturnType<RunStore['searchDatasets']> {
    return searchDatasets(this.database, experimentIds, limit);
  }

  datasetLinks(
    query: Parameters<RunStore['datasetLinks']>[0],
  ): ReturnType<RunStore['datasetLinks']> {
    return datasetLinks(this.database, query);
  }

  async getMetricHistory(
    runId: string,
    key: string,
    window: { offset: number; limit: number },
  ): Promise<Page<Metric>> {
    const rows = await this.db
      .selectFrom('metrics')
      .select(['key', 'value', 'timestamp', 'step', 'is_nan'])
      .where('run_id', '=', runId)
      .where('key', '=', key)
      // The primary key's order, so this is an index range scan with no sort.
      .orderBy('step')
      .orderBy('timestamp')
      .orderBy('value')
      .orderBy('is_nan')
      .limit(window.limit + 1)
      .offset(window.offset)
      .execute();
    if (rows.length === 0 && (await this.selectRun(runId)) === undefined) {
      throw runNotFound(runId);
    }
    const hasMore = rows.length > window.limit;
    const items = (hasMore ? rows.slice(0, window.limit) : rows).map(metricFromRow);
    return hasMore ? { items, nextOffset: window.offset + window.limit } : { items };
  }

  search(query: RunSearchQuery): Promise<Page<Run>> {
    return searchRuns(this.database, query);
  }

  experimentKeys(experimentId: string, stages: readonly LifecycleStage[]): Promise<RunKeys> {
    return experimentKeys(this.database, experimentId, stages);
  }

  summarizeMetricSteps(
    runIds: readonly string[],
    key: string,
    range: StepRange,
  ): Promise<MetricStepSummary[]> {
    return summarizeMetricSteps(this.database, runIds, key, range);
  }

  sampleMetricSteps(
    runIds: readonly string[],
    key: string,
    range: StepRange,
    maxResults: number,
  ): Promise<{ count: number; steps: number[] }> {
    return sampleMetricSteps(this.database, runIds, key, range, maxResults);
  }

  metricPointsAt(
    runId: string,
    key: string,
    at: { steps: readonly number[] } | { range: StepRange },
    limit: number,
  ): Promise<Metric[]> {
    return metricPointsAt(this.database, runId, key, at, limit);
  }

  async listDeletedRunIds(olderThan: number): Promise<string[]> {
    const rows = await this.db
      .selectFrom('runs')
      .select('run_id')
      .where('lifecycle_stage', '=', 'deleted')
      .where('deleted_time', '<', olderThan)
      .orderBy('deleted_time')
      .orderBy('run_id')
      .execute();
    return rows.map((r) => r.run_id);
  }

  private selectRun(runId: string) {
    return this.db.selectFrom('runs').selectAll().where('run_id', '=', runId).executeTakeFirst();
  }
}
