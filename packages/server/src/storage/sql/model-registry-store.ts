import { transact } from './transact.js';
import { sql } from 'kysely';
import type { Kysely } from 'kysely';
import { MODEL_VERSION_STAGES, alreadyExists, invalidArgument, notFound } from '@slipway/core';
import type {
  Audit,
  CreateModelVersionInput,
  CreateRegisteredModelInput,
  ModelHistoryEvent,
  ModelRegistryStore,
  ModelVersion,
  ModelVersionPatch,
  ModelVersionSearchQuery,
  ModelVersionStage,
  VersionAtLocation,
  Page,
  RegisteredModel,
  RegisteredModelSearchQuery,
  Tag,
} from '@slipway/core';
import type { SlipwaySchema } from './schema.js';
import type { SqlDatabase, SqlDialectName } from './sql-database.js';
import { readableCondition } from './readable-sql.js';
import { translateSqlErrors } from './sql-errors.js';
import {
  insertModelVersion,
  moveModelVersionStage,
  patchModelVersion,
  removeModelVersion,
} from './registry-version-writes.js';
import { historyEventFromRow, keyed, recordHistory } from './registry-history.js';
import { lockModel, modelNotFound, requireVersion } from './registry-locks.js';
import {
  dedupeTags,
  loadLatestVersions,
  loadModels,
  loadVersions,
  selectVersions,
  versionNumber,
} from './registry-rows.js';
import type { ModelRow, VersionRow } from './registry-rows.js';
import {
  modelVersionOrder,
  modelVersionPredicate,
  registeredModelOrder,
  registeredModelPredicate,
} from './registry-search.js';

/** Stages whose current holders `archiveExisting` moves to Archived (MLflow's "active" stages). */
const ARCHIVABLE_STAGES: readonly ModelVersionStage[] = ['Staging', 'Production'];

/**
 * The model registry on SQLite or PostgreSQL. Every write is one transaction that first locks the model
 * row (see `lockModel`), changes it, and appends its history events, so history and state never
 * disagree and a failed change leaves neither.
 */
export class SqlModelRegistryStore implements ModelRegistryStore {
  private readonly db: Kysely<SlipwaySchema>;
  private readonly dialect: SqlDialectName;

  constructor(database: SqlDatabase) {
    this.db = database.db;
    this.dialect = database.dialect;
  }

  async createRegisteredModel(
    input: CreateRegisteredModelInput,
    audit: Audit,
  ): Promise<RegisteredModel> {
    return translateSqlErrors(
      () =>
        transact(this.db, async (trx) => {
          const model = await trx
            .insertInto('registered_models')
            .values({
              name: input.name,
              description: input.description,
              user_id: audit.actor,
              creation_time: audit.time,
              last_updated_time: audit.time,
              last_version: 0,
            })
            .returningAll()
            .executeTakeFirstOrThrow();
          const tags = dedupeTags(input.tags);
          if (tags.length > 0) {
            await trx
              .insertInto('registered_model_tags')
              .values(tags.map((t) => ({ model_id: model.id, key: t.key, value: t.value })))
              .execute();
          }
          await recordHistory(trx, model, audit, [{ action: 'model_created' }]);
          return this.modelById(trx, model.id);
        }),
      { unique: () => alreadyExists(`Registered Model (name=${input.name}) already exists.`) },
    );
  }

  async getRegisteredModel(name: string): Promise<RegisteredModel | undefined> {
    const row = await this.db
      .selectFrom('registered_models')
      .selectAll()
      .where('name', '=', name)
      .executeTakeFirst();
    if (!row) return undefined;
    const [model] = await loadModels(this.db, [row]);
    return model;
  }

  async renameRegisteredModel(
    name: string,
    newName: string,
    audit: Audit,
  ): Promise<RegisteredModel> {
    const taken = () => alreadyExists(`Registered Model (name=${newName}) already exists.`);
    return translateSqlErrors(
      () =>
        transact(this.db, async (trx) => {
          const model = await lockModel(trx, name);
          if (newName !== name) {
            const clash = await trx
              .selectFrom('registered_models')
              .select('id')
              .where('name', '=', newName)
              .executeTakeFirst();
            if (clash) throw taken();
          }
          await trx
            .updateTable('registered_models')
            .set({ name: newName, last_updated_time: audit.time })
            .where('id', '=', model.id)
            .execute();
          await trx
            .updateTable('model_versions')
            .set({ last_updated_time: audit.time })
            .where('model_id', '=', model.id)
            .execute();
          // History follows the model (not the name), so the renamed model lists its whole past.
          await trx
            .updateTable('model_history')
            .set({ model_name: newName })
            .where('model_id', '=', model.id)
            .execute();
          await recordHistory(trx, { id: model.id, name: newName }, audit, [
            { action: 'model_renamed', from: name, to: newName },
          ]);
          return this.modelById(trx, model.id);
        }),
      { unique: taken },
    );
  }

  async updateRegisteredModel(
    name: string,
    description: string,
    audit: Audit,
  ): Promise<RegisteredModel> {
    return transact(this.db, async (trx) => {
      const model = await lockModel(trx, name);
      await trx
        .updateTable('registered_models')
        .set({ description, last_updated_time: audit.time })
        .where('id', '=', model.id)
        .execute();
      await recordHistory(trx, model, audit, [
        { action: 'model_description_updated', from: model.description, to: description },
      ]);
      return this.modelById(trx, model.id);
    });
  }

  async deleteRegisteredModel(name: string, audit: Audit): Promise<void> {
    await transact(this.db, async (trx) => {
      const model = await lockModel(trx, name);
      // Explicit child deletes (children first) rather than relying on ON DELETE CASCADE, which SQLite
      // only honours on connections that enabled foreign keys.
      await trx.deleteFrom('registered_model_aliases').where('model_id', '=', model.id).execute();
      await trx.deleteFrom('model_version_tags').where('model_id', '=', model.id).execute();
      await trx.deleteFrom('model_versions').where('model_id', '=', model.id).execute();
      await trx.deleteFrom('registered_model_tags').where('model_id', '=', model.id).execute();
      await trx.deleteFrom('registered_models').where('id', '=', model.id).execute();
      await recordHistory(trx, model, audit, [{ action: 'model_deleted' }]);
    });
  }

  async searchRegisteredModels(query: RegisteredModelSearchQuery): Promise<Page<RegisteredModel>> {
    let select = this.db.selectFrom('registered_models as m').selectAll('m');
    for (const clause of query.filter) {
      select = select.where(registeredModelPredicate(this.dialect, clause));
    }
    if (query.readableBy !== undefined) {
      select = select.where(
        readableCondition('registered_model', sql.ref('m.name'), query.readableBy),
      );
    }
    for (const item of registeredModelOrder(this.dialect, query.orderBy)) {
      select = select.orderBy(item.expression, item.modifiers);
    }
    const rows = await select
      .limit(query.limit + 1)
      .offset(query.offset)
      .execute();
    const page = rows.slice(0, query.limit);
    return withNext(await loadModels(this.db, page), rows.length > query.limit, query);
  }

  async setRegisteredModelTag(name: string, tag: Tag, audit: Audit): Promise<void> {
    await transact(this.db, async (trx) => {
      const model = await lockModel(trx, name);
      const previous = await trx
        .selectFrom('registered_model_tags')
        .select('value')
        .where('model_id', '=', model.id)
        .where('key', '=', tag.key)
        .executeTakeFirst();
      await trx
        .insertInto('registered_model_tags')
        .values({ model_id: model.id, key: tag.key, value: tag.value })
        .onConflict((oc) => oc.columns(['model_id', 'key']).doUpdateSet({ value: tag.value }))
        .execute();
      await recordHistory(trx, model, audit, [
        {
          action: 'model_tag_set',
          from: keyed(tag.key, previous?.value),
          to: keyed(tag.key, tag.value),
        },
      ]);
    });
  }

  /** Deleting a tag that is not set is a no-op (as in MLflow) and records nothing. */
  async deleteRegisteredModelTag(name: string, key: string, audit: Audit): Promise<void> {
    await transact(this.db, async (trx) => {
      const model = await lockModel(trx, name);
      const removed = await trx
        .deleteFrom('registered_model_tags')
        .where('model_id', '=', model.id)
        .where('key', '=', key)
        .returning('value')
        .executeTakeFirst();
      if (!removed) return;
      await recordHistory(trx, model, audit, [
        { action: 'model_tag_deleted', from: keyed(key, removed.value) },
      ]);
    });
  }

  async createModelVersion(input: CreateModelVersionInput, audit: Audit): Promise<ModelVersion> {
    return transact(this.db, async (trx) => {
      const { modelId, version } = await insertModelVersion(trx, input, audit);
      return this.versionOf(trx, modelId, version);
    });
  }

  async getModelVersion(name: string, version: string): Promise<ModelVersion | undefined> {
    const n = versionNumber(version);
    if (n === undefined) return undefined;
    const row = await selectVersions(this.db)
      .where('m.name', '=', name)
      .where('mv.version', '=', n)
      .executeTakeFirst();
    if (!row) return undefined;
    const [mv] = await loadVersions(this.db, [row]);
    return mv;
  }

  async updateModelVersion(
    name: string,
    version: string,
    patch: ModelVersionPatch,
    audit: Audit,
  ): Promise<ModelVersion> {
    return transact(this.db, async (trx) => {
      const model = await lockModel(trx, name);
      const mv = await requireVersion(trx, model, version);
      await patchModelVersion(trx, model, mv, patch, audit);
      return this.versionOf(trx, model.id, mv.version);
    });
  }

  async transitionModelVersionStage(
    name: string,
    version: string,
    stage: ModelVersionStage,
    archiveExisting: boolean,
    audit: Audit,
  ): Promise<ModelVersion> {
    if (!MODEL_VERSION_STAGES.includes(stage)) {
      throw invalidArgument(
        `Invalid Model Version stage: ${String(stage)}. Value must be one of ${MODEL_VERSION_STAGES.join(', ')}.`,
      );
    }
    if (archiveExisting && !ARCHIVABLE_STAGES.includes(stage)) {
      throw invalidArgument(
        `Model version transition cannot archive existing model versions because '${stage}' is not an active stage; archiving applies to Staging and Production.`,
      );
    }
    return transact(this.db, async (trx) => {
      const model = await lockModel(trx, name);
      const mv = await requireVersion(trx, model, version);
      await moveModelVersionStage(trx, model, mv, stage, archiveExisting, audit);
      return this.versionOf(trx, model.id, mv.version);
    });
  }

  async deleteModelVersion(name: string, version: string, audit: Audit): Promise<void> {
    await transact(this.db, async (trx) => {
      const model = await lockModel(trx, name);
      const mv = await requireVersion(trx, model, version);
      await removeModelVersion(trx, model, mv, audit);
    });
  }

  async searchModelVersions(query: ModelVersionSearchQuery): Promise<Page<ModelVersion>> {
    let select = selectVersions(this.db);
    for (const clause of query.filter) {
      select = select.where(modelVersionPredicate(this.dialect, clause));
    }
    if (query.readableBy !== undefined) {
      select = select.where(
        readableCondition('registered_model', sql.ref('m.name'), query.readableBy),
      );
    }
    for (const item of modelVersionOrder(this.dialect, query.orderBy)) {
      select = select.orderBy(item.expression, item.modifiers);
    }
    const rows = await select
      .limit(query.limit + 1)
      .offset(query.offset)
      .execute();
    const page = rows.slice(0, query.limit);
    return withNext(await loadVersions(this.db, page), rows.length > query.limit, query);
  }

  async getLatestVersions(name: string, stages: ModelVersionStage[]): Promise<ModelVersion[]> {
    const model = await this.db
      .selectFrom('registered_models')
      .select('id')
      .where('name', '=', name)
      .executeTakeFirst();
    if (!model) throw modelNotFound(name);
    const latest = await loadLatestVersions(this.db, [model.id], stages);
    return latest.get(model.id) ?? [];
  }

  async setModelVersionTag(name: string, version: string, tag: Tag, audit: Audit): Promise<void> {
    await transact(this.db, async (trx) => {
      const model = await lockModel(trx, name);
      const mv = await requireVersion(trx, model, version);
      const previous = await trx
        .selectFrom('model_version_tags')
        .select('value')
        .where('model_id', '=', model.id)
        .where('version', '=', mv.version)
        .where('key', '=', tag.key)
        .executeTakeFirst();
      await trx
        .insertInto('model_version_tags')
        .values({ model_id: model.id, version: mv.version, key: tag.key, value: tag.value })
        .onConflict((oc) =>
          oc.columns(['model_id', 'version', 'key']).doUpdateSet({ value: tag.value }),
        )
        .execute();
      await recordHistory(trx, model, audit, [
        {
          action: 'version_tag_set',
          version: mv.version,
          from: keyed(tag.key, previous?.value),
          to: keyed(tag.key, tag.value),
        },
      ]);
    });
  }

  /** Deleting a tag that is not set is a no-op (as in MLflow) and records nothing. */
  async deleteModelVersionTag(
    name: string,
    version: string,
    key: string,
    audit: Audit,
  ): Promise<void> {
    await transact(this.db, async (trx) => {
      const model = await lockModel(trx, name);
      const mv = await requireVersion(trx, model, version);
      const removed = await trx
        .deleteFrom('model_version_tags')
        .where('model_id', '=', model.id)
        .where('version', '=', mv.version)
        .where('key', '=', key)
        .returning('value')
        .executeTakeFirst();
      if (!removed) return;
      await recordHistory(trx, model, audit, [
        { action: 'version_tag_deleted', version: mv.version, from: keyed(key, removed.value) },
      ]);
    });
  }

  async setAlias(name: string, alias: string, version: string, audit: Audit): Promise<void> {
    await transact(this.db, async (trx) => {
      const model = await lockModel(trx, name);
      const mv = await requireVersion(trx, model, version);
      const previous = await trx
        .selectFrom('registered_model_aliases')
        .select('version')
        .where('model_id', '=', model.id)
        .where('alias', '=', alias)
        .executeTakeFirst();
      await trx
        .insertInto('registered_model_aliases')
        .values({ model_id: model.id, alias, version: mv.version })
        .onConflict((oc) => oc.columns(['model_id', 'alias']).doUpdateSet({ version: mv.version }))
        .execute();
      await recordHistory(trx, model, audit, [
        {
          action: 'alias_set',
          version: mv.version,
          from: keyed(alias, previous?.version),
          to: keyed(alias, mv.version),
        },
      ]);
    });
  }

  async deleteAlias(name: string, alias: string, audit: Audit): Promise<void> {
    await transact(this.db, async (trx) => {
      const model = await lockModel(trx, name);
      const removed = await trx
        .deleteFrom('registered_model_aliases')
        .where('model_id', '=', model.id)
        .where('alias', '=', alias)
        .returning('version')
        .executeTakeFirst();
      if (!removed) throw notFound(`Registered model alias ${alias} not found for model ${name}.`);
      await recordHistory(trx, model, audit, [
        { action: 'alias_deleted', version: removed.version, from: keyed(alias, removed.version) },
      ]);
    });
  }

  async getVersionByAlias(name: string, alias: string): Promise<ModelVersion | undefined> {
    const row = await selectVersions(this.db)
      .innerJoin('registered_model_aliases as a', (join) =>
        join.onRef('a.model_id', '=', 'mv.model_id').onRef('a.version', '=', 'mv.version'),
      )
      .where('m.name', '=', name)
      .where('a.alias', '=', alias)
      .executeTakeFirst();
    if (!row) return undefined;
    const [mv] = await loadVersions(this.db, [row]);
    return mv;
  }

  async versionsAtLocations(locations: readonly string[]): Promise<VersionAtLocation[]> {
    if (locations.length === 0) return [];
    const rows = await this.db
      .selectFrom('model_versions as mv')
      .innerJoin('registered_models as m', 'm.id', 'mv.model_id')
      .select(['m.name', 'mv.version', 'mv.storage_location'])
      .where('mv.storage_location', 'in', [...locations])
      .orderBy('m.name')
      .orderBy('mv.version')
      .execute();
    return rows.map(locatedVersion);
  }

  async versionsUnder(prefix: string): Promise<VersionAtLocation[]> {
    let query = this.db
      .selectFrom('model_versions as mv')
      .innerJoin('registered_models as m', 'm.id', 'mv.model_id')
      .select(['m.name', 'mv.version', 'mv.storage_location'])
      .where('mv.storage_location', 'is not', null);
    if (prefix !== '') {
      // A prefix test without LIKE, whose wildcards would need escaping; versions are few. Its
      // length is in characters (code points), as both engines count them, not UTF-16 units.
      query = query.where((eb) =>
        eb.or([
          eb('mv.storage_location', '=', prefix),
          eb(
            eb.fn('substr', [
              eb.ref('mv.storage_location'),
              eb.val(1),
              eb.val(Array.from(prefix).length + 1),
            ]),
            '=',
            `${prefix}/`,
          ),
        ]),
      );
    }
    const rows = await query.orderBy('m.name').orderBy('mv.version').execute();
    return rows.map(locatedVersion);
  }

  async listHistory(
    name: string,
    window: { offset: number; limit: number },
  ): Promise<Page<ModelHistoryEvent>> {
    const rows = await this.db
      .selectFrom('model_history')
      .selectAll()
      .where('model_name', '=', name)
      .orderBy('id', 'asc')
      .limit(window.limit + 1)
      .offset(window.offset)
      .execute();
    const events = rows.slice(0, window.limit).map(historyEventFromRow);
    return withNext(events, rows.length > window.limit, window);
  }

  private async modelById(trx: Kysely<SlipwaySchema>, id: number): Promise<RegisteredModel> {
    const row: ModelRow = await trx
      .selectFrom('registered_models')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    const [model] = await loadModels(trx, [row]);
    if (!model) throw new Error(`registered model ${id} vanished inside its own transaction`);
    return model;
  }

  private async versionOf(
    trx: Kysely<SlipwaySchema>,
    modelId: number,
    version: number,
  ): Promise<ModelVersion> {
    const row: VersionRow | undefined = await selectVersions(trx)
      .where('mv.model_id', '=', modelId)
      .where('mv.version', '=', version)
      .executeTakeFirst();
    const [mv] = row ? await loadVersions(trx, [row]) : [];
    if (!mv)
      throw new Error(`model version ${modelId}/${version} vanished inside its own transaction`);
    return mv;
  }
}

function withNext<T>(
  items: T[],
  more: boolean,
  window: { offset: number; limit: number },
): Page<T> {
  return more ? { items, nextOffset: window.offset + window.limit } : { items };
}

function locatedVersion(row: {
  name: string;
  version: number;
  storage_location: string | null;
}): VersionAtLocation {
  return {
    name: row.name,
    version: String(row.version),
    storageLocation: row.storage_location ?? '',
  };
}
