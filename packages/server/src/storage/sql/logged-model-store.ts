import { transact } from './transact.js';
import type { Kysely } from 'kysely';
import {
  alreadyExists,
  invalidArgument,
  notFound,
  type CreateLoggedModelInput,
  type LoggedModel,
  type LoggedModelMetric,
  type LoggedModelSearchQuery,
  type LoggedModelStatus,
  type LoggedModelStore,
  type ModelOutput,
  type ModelVersionRef,
  type Page,
  type Param,
  type Tag,
} from '@slipway/core';
import {
  insertOutputs,
  insertVersionLink,
  selectOutputs,
  selectVersionLinks,
} from './logged-model-links.js';
import { loadLoggedModels } from './logged-model-rows.js';
import { searchLoggedModels } from './logged-model-search.js';
import type { SlipwaySchema } from './schema.js';
import type { SqlDatabase } from './sql-database.js';
import { translateSqlErrors } from './sql-errors.js';
import { experimentNotFound } from './tracking-not-found.js';
import { chunked, experimentIdToInt, storedIsNan, storedMetricValue } from './tracking-rows.js';

// Rows per multi-row INSERT: far below both drivers' bound-parameter limits.
const ROWS_PER_INSERT = 500;

/** MLflow 3 logged models in SQLite or PostgreSQL. */
export class SqlLoggedModelStore implements LoggedModelStore {
  private readonly db: Kysely<SlipwaySchema>;

  constructor(private readonly database: SqlDatabase) {
    this.db = database.db;
  }

  async create(input: CreateLoggedModelInput): Promise<LoggedModel> {
    const experimentId = experimentIdToInt(input.experimentId);
    if (experimentId === undefined) throw experimentNotFound(input.experimentId);
    const tags = lastWins(input.tags);
    const params = uniqueParams(input.params);
    await translateSqlErrors(
      () =>
        transact(this.db, async (trx) => {
          await trx
            .insertInto('logged_models')
            .values({
              model_id: input.modelId,
              experiment_id: experimentId,
              name: input.name,
              artifact_location: input.artifactLocation,
              creation_time: input.creationTimestamp,
              last_updated_time: input.creationTimestamp,
              status: input.status,
              status_message: null,
              lifecycle_stage: 'active',
              model_type: input.modelType ?? null,
              source_run_id: input.sourceRunId ?? null,
            })
            .execute();
          await insertKeyValues(trx, 'logged_model_tags', input.modelId, tags);
          await insertKeyValues(trx, 'logged_model_params', input.modelId, params);
        }),
      {
        unique: () => alreadyExists(`Logged model with ID '${input.modelId}' already exists.`),
        'foreign-key': () => experimentNotFound(input.experimentId),
      },
    );
    return this.require(input.modelId);
  }

  async get(modelId: string): Promise<LoggedModel | undefined> {
    const row = await this.db
      .selectFrom('logged_models')
      .selectAll()
      .where('model_id', '=', modelId)
      .executeTakeFirst();
    if (row === undefined) return undefined;
    const [model] = await loadLoggedModels(this.database, [row]);
    return model;
  }

  async existingIds(modelIds: string[]): Promise<Set<string>> {
    const found = new Set<string>();
    for (const part of chunked([...new Set(modelIds)], ROWS_PER_INSERT)) {
      const rows = await this.db
        .selectFrom('logged_models')
        .select('model_id')
        .where('model_id', 'in', part)
        .execute();
      for (const row of rows) found.add(row.model_id);
    }
    return found;
  }

  async finalize(modelId: string, status: LoggedModelStatus, time: number): Promise<LoggedModel> {
    await this.updateRow(modelId, { status, last_updated_time: time });
    return this.require(modelId);
  }

  async delete(modelId: string, time: number): Promise<void> {
    await transact(this.db, async (trx) => {
      const row = await lockModel(trx, modelId);
      if (row.lifecycle_stage === 'deleted') return;
      await trx
        .updateTable('logged_models')
        .set({ lifecycle_stage: 'deleted', last_updated_time: time })
        .where('model_id', '=', modelId)
        .execute();
    });
  }

  async setTags(modelId: string, tags: Tag[]): Promise<void> {
    const unique = lastWins(tags);
    await transact(this.db, async (trx) => {
      await lockModel(trx, modelId);
      for (const part of chunked(unique, ROWS_PER_INSERT)) {
        await trx
          .insertInto('logged_model_tags')
          .values(part.map((t) => ({ model_id: modelId, key: t.key, value: t.value })))
          .onConflict((oc) =>
            oc
              .columns(['model_id', 'key'])
              .doUpdateSet((eb) => ({ value: eb.ref('excluded.value') })),
          )
          .execute();
      }
    });
  }

  async deleteTag(modelId: string, key: string): Promise<void> {
    await transact(this.db, async (trx) => {
      await lockModel(trx, modelId);
      const result = await trx
        .deleteFrom('logged_model_tags')
        .where('model_id', '=', modelId)
        .where('key', '=', key)
        .executeTakeFirst();
      if (Number(result.numDeletedRows) === 0) {
        throw notFound(`No tag with key '${key}' found for model with ID '${modelId}'.`);
      }
    });
  }

  async logParams(modelId: string, params: Param[]): Promise<void> {
    const unique = uniqueParams(params);
    if (unique.length === 0) {
      await this.require(modelId);
      return;
    }
    await transact(this.db, async (trx) => {
      await lockModel(trx, modelId);
      // Insert what is new, then compare everything: a concurrent writer of the same key either
      // inserted first (and is compared here) or finds this value (and is compared there).
      for (const part of chunked(unique, ROWS_PER_INSERT)) {
        await trx
          .insertInto('logged_model_params')
          .values(part.map((p) => ({ model_id: modelId, key: p.key, value: p.value })))
          .onConflict((oc) => oc.doNothing())
          .execute();
      }
      const stored = new Map<string, string>();
      for (const part of chunked(unique, ROWS_PER_INSERT)) {
        const rows = await trx
          .selectFrom('logged_model_params')
          .select(['key', 'value'])
          .where('model_id', '=', modelId)
          .where(
            'key',
            'in',
            part.map((p) => p.key),
          )
          .execute();
        for (const row of rows) stored.set(row.key, row.value);
      }
      for (const p of unique) {
        const old = stored.get(p.key);
        if (old !== undefined && old !== p.value) {
          throw invalidArgument(
            `Changing param values is not allowed. Param with key='${p.key}' was already logged ` +
              `with value='${old}' for logged model ID='${modelId}'. Attempted logging new value '${p.value}'.`,
          );
        }
      }
    });
  }

  async logMetrics(metrics: LoggedModelMetric[]): Promise<void> {
    if (metrics.length === 0) return;
    await translateSqlErrors(
      () =>
        transact(this.db, async (trx) => {
          for (const part of chunked(metrics, ROWS_PER_INSERT)) {
            await trx
              .insertInto('logged_model_metrics')
              .values(
                part.map((m) => ({
                  model_id: m.modelId,
                  key: m.key,
                  value: storedMetricValue(m.value),
                  is_nan: storedIsNan(m.value),
                  timestamp: m.timestamp,
                  step: m.step,
                  run_id: m.runId,
                  dataset_name: m.datasetName ?? '',
                  dataset_digest: m.datasetDigest ?? '',
                })),
              )
              .onConflict((oc) => oc.doNothing())
              .execute();
          }
        }),
      {
        'foreign-key': () => notFound('A metric names a logged model or run that does not exist.'),
      },
    );
  }

  async search(query: LoggedModelSearchQuery): Promise<Page<LoggedModel>> {
    return searchLoggedModels(this.database, query);
  }

  async logOutputs(runId: string, outputs: ModelOutput[]): Promise<void> {
    await insertOutputs(this.db, runId, outputs);
  }

  async listOutputs(runIds: string[]): Promise<Map<string, ModelOutput[]>> {
    return selectOutputs(this.db, runIds);
  }

  async linkModelVersion(version: ModelVersionRef, modelId: string): Promise<void> {
    await insertVersionLink(this.db, version, modelId);
  }

  async modelIdsOfVersions(versions: ModelVersionRef[]): Promise<Map<string, string>> {
    return selectVersionLinks(this.db, versions);
  }

  private async require(modelId: string): Promise<LoggedModel> {
    const model = await this.get(modelId);
    if (model === undefined) throw loggedModelNotFound(modelId);
    return model;
  }

  private async updateRow(
    modelId: string,
    set: { status?: LoggedModelStatus; last_updated_time: number },
  ): Promise<void> {
    const result = await this.db
      .updateTable('logged_models')
      .set(set)
      .where('model_id', '=', modelId)
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) === 0) throw loggedModelNotFound(modelId);
  }
}

export function loggedModelNotFound(modelId: string) {
  return notFound(`Logged model with ID '${modelId}' not found.`);
}

/**
 * Starts a write to one model: takes its row's write lock and returns the row, or NOT_FOUND. A
 * no-op UPDATE (not SELECT ... FOR UPDATE) because it works on both backends: on PostgreSQL it
 * serialises writers of one model; on SQLite it takes the write lock up front instead of failing
 * with SQLITE_BUSY when another process commits between a read and the first write.
 */
async function lockModel(trx: Kysely<SlipwaySchema>, modelId: string) {
  const row = await trx
    .updateTable('logged_models')
    .set((eb) => ({ lifecycle_stage: eb.ref('lifecycle_stage') }))
    .where('model_id', '=', modelId)
    .returning(['model_id', 'lifecycle_stage'])
    .executeTakeFirst();
  if (row === undefined) throw loggedModelNotFound(modelId);
  return row;
}

async function insertKeyValues(
  trx: Kysely<SlipwaySchema>,
  table: 'logged_model_tags' | 'logged_model_params',
  modelId: string,
  entries: readonly Tag[],
): Promise<void> {
  for (const part of chunked(entries, ROWS_PER_INSERT)) {
    await trx
      .insertInto(table)
      .values(part.map((e) => ({ model_id: modelId, key: e.key, value: e.value })))
      .execute();
  }
}

/** Tags with repeated keys: the last value wins, as in MLflow's set_tags. */
function lastWins(tags: readonly Tag[]): Tag[] {
  const byKey = new Map<string, string>();
  for (const t of tags) byKey.set(t.key, t.value);
  return [...byKey].map(([key, value]) => ({ key, value }));
}

/** Params with repeated keys must agree; INVALID_ARGUMENT otherwise. */
function uniqueParams(params: readonly Param[]): Param[] {
  const byKey = new Map<string, string>();
  for (const p of params) {
    const prior = byKey.get(p.key);
    if (prior !== undefined && prior !== p.value) {
      throw invalidArgument(
        `Duplicate parameter keys with different values: '${p.key}' ('${prior}' and '${p.value}').`,
      );
    }
    byKey.set(p.key, p.value);
  }
  return [...byKey].map(([key, value]) => ({ key, value }));
}
