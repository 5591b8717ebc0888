import { transact } from './transact.js';
import {
  DEFAULT_EXPERIMENT_ID,
  DEFAULT_EXPERIMENT_NAME,
  alreadyExists,
  notFound,
  type CreateExperimentInput,
  type Experiment,
  type ExperimentPatch,
  type ExperimentSearchQuery,
  type ExperimentStore,
  type Page,
  type Tag,
} from '@slipway/core';
import type { Kysely, Updateable } from 'kysely';
import type { SlipwaySchema } from './schema.js';
import type { ExperimentsTable } from './schema-tracking.js';
import type { SqlDatabase } from './sql-database.js';
import { translateSqlErrors } from './sql-errors.js';
import { loadExperimentTags, searchExperiments } from './tracking-experiment-search.js';
import { experimentNotFound } from './tracking-not-found.js';
import { experimentFromRow, experimentIdToInt } from './tracking-rows.js';

/** Experiments in SQLite or PostgreSQL (tables of migration 0001). */
export class SqlExperimentStore implements ExperimentStore {
  private readonly db: Kysely<SlipwaySchema>;

  constructor(private readonly database: SqlDatabase) {
    this.db = database.db;
  }

  async ensureDefault(defaultArtifactRoot: string, time: number): Promise<void> {
    await this.db
      .insertInto('experiments')
      .values({
        experiment_id: Number(DEFAULT_EXPERIMENT_ID),
        name: DEFAULT_EXPERIMENT_NAME,
        artifact_location: artifactLocationFor(defaultArtifactRoot, DEFAULT_EXPERIMENT_ID),
        lifecycle_stage: 'active',
        creation_time: time,
        last_update_time: time,
      })
      // Idempotent, and safe when two server processes start at once.
      .onConflict((oc) => oc.doNothing())
      .execute();
  }

  async create(input: CreateExperimentInput): Promise<Experiment> {
    const tags = lastTagPerKey(input.tags);
    return translateSqlErrors(
      () =>
        transact(this.db, async (trx) => {
          const row = await trx
            .insertInto('experiments')
            .values({
              name: input.name,
              artifact_location: input.artifactLocation ?? '',
              lifecycle_stage: 'active',
              creation_time: input.time,
              last_update_time: input.time,
            })
            .returningAll()
            .executeTakeFirstOrThrow();
          if (input.artifactLocation === undefined) {
            // The default location contains the id, which exists only after the insert.
            row.artifact_location = artifactLocationFor(
              input.defaultArtifactRoot,
              String(row.experiment_id),
            );
            await trx
              .updateTable('experiments')
              .set({ artifact_location: row.artifact_location })
              .where('experiment_id', '=', row.experiment_id)
              .execute();
          }
          if (tags.length > 0) {
            await trx
              .insertInto('experiment_tags')
              .values(tags.map((t) => ({ experiment_id: row.experiment_id, ...t })))
              .execute();
          }
          return experimentFromRow(row, tags);
        }),
      { unique: () => nameTaken(input.name) },
    );
  }

  async get(experimentId: string): Promise<Experiment | undefined> {
    const id = experimentIdToInt(experimentId);
    if (id === undefined) return undefined;
    const row = await this.db
      .selectFrom('experiments')
      .selectAll()
      .where('experiment_id', '=', id)
      .executeTakeFirst();
    return row && experimentFromRow(row, await this.tagsOf(row.experiment_id));
  }

  async getByName(name: string): Promise<Experiment | undefined> {
    const row = await this.db
      .selectFrom('experiments')
      .selectAll()
      .where('name', '=', name)
      .executeTakeFirst();
    return row && experimentFromRow(row, await this.tagsOf(row.experiment_id));
  }

  search(query: ExperimentSearchQuery): Promise<Page<Experiment>> {
    return searchExperiments(this.database, query);
  }

  async update(experimentId: string, patch: ExperimentPatch, time: number): Promise<Experiment> {
    const id = this.requireId(experimentId);
    const set: Updateable<ExperimentsTable> = { last_update_time: time };
    if (patch.name !== undefined) set.name = patch.name;
    if (patch.lifecycleStage !== undefined) set.lifecycle_stage = patch.lifecycleStage;
    const row = await translateSqlErrors(
      () =>
        transact(this.db, async (trx) => {
          const updated = await trx
            .updateTable('experiments')
            .set(set)
            .where('experiment_id', '=', id)
            .returningAll()
            .executeTakeFirst();
          // MLflow deletes and restores an experiment's runs with it, in the same transaction.
          if (updated && patch.lifecycleStage !== undefined) {
            const deleting = patch.lifecycleStage === 'deleted';
            await trx
              .updateTable('runs')
              .set({ lifecycle_stage: patch.lifecycleStage, deleted_time: deleting ? time : null })
              .where('experiment_id', '=', id)
              .where('lifecycle_stage', '=', deleting ? 'active' : 'deleted')
              .execute();
          }
          return updated;
        }),
      { unique: () => nameTaken(patch.name ?? '') },
    );
    if (row === undefined) throw experimentNotFound(experimentId);
    return experimentFromRow(row, await this.tagsOf(id));
  }

  async setTag(experimentId: string, tag: Tag, time: number): Promise<void> {
    const id = this.requireId(experimentId);
    await transact(this.db, async (trx) => {
      await this.touch(trx, id, experimentId, time);
      await trx
        .insertInto('experiment_tags')
        .values({ experiment_id: id, key: tag.key, value: tag.value })
        .onConflict((oc) =>
          oc
            .columns(['experiment_id', 'key'])
            .doUpdateSet((eb) => ({ value: eb.ref('excluded.value') })),
        )
        .execute();
    });
  }

  async deleteTag(experimentId: string, key: string, time: number): Promise<void> {
    const id = this.requireId(experimentId);
    await transact(this.db, async (trx) => {
      await this.touch(trx, id, experimentId, time);
      const result = await trx
        .deleteFrom('experiment_tags')
        .where('experiment_id', '=', id)
        .where('key', '=', key)
        .executeTakeFirst();
      if (result.numDeletedRows === 0n) {
        throw notFound(`No tag with name: ${key} in experiment with id ${experimentId}`, {
          experimentId,
          key,
        });
      }
    });
  }

  /** Bumps last_update_time; doubles as the existence check (and row lock on PostgreSQL). */
  private async touch(
    trx: Kysely<SlipwaySchema>,
    id: number,
    experimentId: string,
    time: number,
  ): Promise<void> {
    const result = await trx
      .updateTable('experiments')
      .set({ last_update_time: time })
      .where('experiment_id', '=', id)
      .executeTakeFirst();
    if (result.numUpdatedRows === 0n) throw experimentNotFound(experimentId);
  }

  private requireId(experimentId: string): number {
    const id = experimentIdToInt(experimentId);
    if (id === undefined) throw experimentNotFound(experimentId);
    return id;
  }

  private async tagsOf(id: number): Promise<Tag[]> {
    return (await loadExperimentTags(this.db, [id])).get(id) ?? [];
  }
}

/** `${root}/${id}` without doubling a trailing slash (MLflow joins with posixpath.join). */
function artifactLocationFor(root: string, experimentId: string): string {
  return root.endsWith('/') ? `${root}${experimentId}` : `${root}/${experimentId}`;
}

function lastTagPerKey(tags: readonly Tag[]): Tag[] {
  const byKey = new Map<string, Tag>();
  for (const t of tags) byKey.set(t.key, { key: t.key, value: t.value });
  return [...byKey.values()].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

function nameTaken(name: string) {
  return alreadyExists(`Experiment(name=${name}) already exists.`, { name });
}
