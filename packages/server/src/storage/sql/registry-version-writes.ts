import type { Kysely } from 'kysely';
import type {
  Audit,
  CreateModelVersionInput,
  ModelVersionPatch,
  ModelVersionStage,
} from '@slipway/core';
import type { SlipwaySchema } from './schema.js';
import { keyed, recordHistory } from './registry-history.js';
import type { HistoryChange } from './registry-history.js';
import { modelNotFound } from './registry-locks.js';
import { dedupeTags } from './registry-rows.js';
import type { ModelRow, VersionRow } from './registry-rows.js';

// The version-level writes of SqlModelRegistryStore. Each runs inside the caller's transaction, after
// the model row is locked, and appends its own history events.

/** Allocates the next number and inserts the version; returns the model id and the number. */
export async function insertModelVersion(
  trx: Kysely<SlipwaySchema>,
  input: CreateModelVersionInput,
  audit: Audit,
): Promise<{ modelId: number; version: number }> {
  // Allocating the number and locking the model are one statement: concurrent creators queue on the
  // row lock (PostgreSQL) or the write lock (SQLite) and each sees the previous increment. The
  // counter only grows, so a deleted version's number is never handed out again.
  const model = await trx
    .updateTable('registered_models')
    .set((eb) => ({
      last_version: eb('last_version', '+', 1),
      last_updated_time: audit.time,
    }))
    .where('name', '=', input.name)
    .returningAll()
    .executeTakeFirst();
  if (!model) throw modelNotFound(input.name);
  const version = model.last_version;
  await trx
    .insertInto('model_versions')
    .values({
      model_id: model.id,
      version,
      creation_time: audit.time,
      last_updated_time: audit.time,
      user_id: audit.actor,
      current_stage: 'None',
      description: input.description,
      source: input.source,
      run_id: input.runId,
      run_link: input.runLink,
      status: input.status,
      status_message: '',
      storage_location: input.storageLocation ?? null,
      content_digest: input.contentDigest ?? null,
    })
    .execute();
  const tags = dedupeTags(input.tags);
  if (tags.length > 0) {
    await trx
      .insertInto('model_version_tags')
      .values(tags.map((t) => ({ model_id: model.id, version, key: t.key, value: t.value })))
      .execute();
  }
  await recordHistory(trx, model, audit, [
    { action: 'version_created', version, to: input.source },
  ]);
  return { modelId: model.id, version };
}

/** Description and status changes each get their own event; the status message rides along. */
export async function patchModelVersion(
  trx: Kysely<SlipwaySchema>,
  model: ModelRow,
  mv: VersionRow,
  patch: ModelVersionPatch,
  audit: Audit,
): Promise<void> {
  const changes: HistoryChange[] = [];
  if (patch.description !== undefined) {
    changes.push({
      action: 'version_updated',
      version: mv.version,
      from: mv.description,
      to: patch.description,
    });
  }
  if (patch.status !== undefined) {
    changes.push({
      action: 'version_status_changed',
      version: mv.version,
      from: mv.status,
      to: patch.status,
    });
  }
  await trx
    .updateTable('model_versions')
    .set({
      last_updated_time: audit.time,
      ...(patch.description !== undefined ? { description: patch.description } : {}),
      ...(patch.status !== undefined ? { status: patch.status } : {}),
      ...(patch.statusMessage !== undefined ? { status_message: patch.statusMessage } : {}),
    })
    .where('model_id', '=', model.id)
    .where('version', '=', mv.version)
    .execute();
  await recordHistory(trx, model, audit, changes);
}

/**
 * Moves `mv` to `stage`; with `archiveExisting`, every other version now in `stage` goes to Archived,
 * each with its own event after the one for `mv` (cause, then effects).
 */
export async function moveModelVersionStage(
  trx: Kysely<SlipwaySchema>,
  model: ModelRow,
  mv: VersionRow,
  stage: ModelVersionStage,
  archiveExisting: boolean,
  audit: Audit,
): Promise<void> {
  const changes: HistoryChange[] = [
    { action: 'stage_transitioned', version: mv.version, from: mv.current_stage, to: stage },
  ];
  if (archiveExisting) {
    const displaced = await trx
      .updateTable('model_versions')
      .set({ current_stage: 'Archived', last_updated_time: audit.time })
      .where('model_id', '=', model.id)
      .where('current_stage', '=', stage)
      .where('version', '!=', mv.version)
      .returning('version')
      .execute();
    for (const { version } of displaced.sort((a, b) => a.version - b.version)) {
      changes.push({ action: 'stage_transitioned', version, from: stage, to: 'Archived' });
    }
  }
  await trx
    .updateTable('model_versions')
    .set({ current_stage: stage, last_updated_time: audit.time })
    .where('model_id', '=', model.id)
    .where('version', '=', mv.version)
    .execute();
  await trx
    .updateTable('registered_models')
    .set({ last_updated_time: audit.time })
    .where('id', '=', model.id)
    .execute();
  await recordHistory(trx, model, audit, changes);
}

/** Deletes `mv` with its tags and the aliases pointing at it. */
export async function removeModelVersion(
  trx: Kysely<SlipwaySchema>,
  model: ModelRow,
  mv: VersionRow,
  audit: Audit,
): Promise<void> {
  const aliases = await trx
    .deleteFrom('registered_model_aliases')
    .where('model_id', '=', model.id)
    .where('version', '=', mv.version)
    .returning('alias')
    .execute();
  await trx
    .deleteFrom('model_version_tags')
    .where('model_id', '=', model.id)
    .where('version', '=', mv.version)
    .execute();
  await trx
    .deleteFrom('model_versions')
    .where('model_id', '=', model.id)
    .where('version', '=', mv.version)
    .execute();
  await trx
    .updateTable('registered_models')
    .set({ last_updated_time: audit.time })
    .where('id', '=', model.id)
    .execute();
  // Aliases vanish with their version; each gets its own event because deployments follow aliases.
  const changes: HistoryChange[] = aliases
    .map((a) => a.alias)
    .sort()
    .map((alias) => ({
      action: 'alias_deleted',
      version: mv.version,
      from: keyed(alias, mv.version),
    }));
  changes.push({ action: 'version_deleted', version: mv.version, from: mv.current_stage });
  await recordHistory(trx, model, audit, changes);
}
