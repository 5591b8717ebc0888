import { sql } from 'kysely';
import type { Kysely, Selectable, SqlBool } from 'kysely';
import { MODEL_VERSION_STAGES } from '@slipway/core';
import type {
  ModelAlias,
  ModelVersion,
  ModelVersionStage,
  ModelVersionStatus,
  RegisteredModel,
  Tag,
} from '@slipway/core';
import type { SlipwaySchema } from './schema.js';
import type { ModelVersionsTable, RegisteredModelsTable } from './schema-registry.js';

export type ModelRow = Selectable<RegisteredModelsTable>;
/** A version row joined with its model's current name. */
export type VersionRow = Selectable<ModelVersionsTable> & { name: string };

// Both backends cap bound parameters per statement (SQLite 32766, PostgreSQL 65535); a search page may
// hold far more rows than that, so related rows are fetched in slices.
const SLICE = 500;

function slices<T>(items: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += SLICE) out.push(items.slice(i, i + SLICE));
  return out;
}

function versionKey(modelId: number, version: number): string {
  return `${modelId}/${version}`;
}

function byCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function push<V>(map: Map<string | number, V[]>, key: string | number, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** The query every version read starts from: version columns plus the model's name. */
export function selectVersions(db: Kysely<SlipwaySchema>) {
  return db
    .selectFrom('model_versions as mv')
    .innerJoin('registered_models as m', 'm.id', 'mv.model_id')
    .selectAll('mv')
    .select('m.name');
}

/** Builds full `ModelVersion`s (tags and the aliases pointing at each) for the given rows, in order. */
export async function loadVersions(
  db: Kysely<SlipwaySchema>,
  rows: readonly VersionRow[],
): Promise<ModelVersion[]> {
  const tags = new Map<string | number, Tag[]>();
  const aliases = new Map<string | number, string[]>();
  for (const slice of slices(rows)) {
    const keys = sql.join(slice.map((r) => sql`(${r.model_id}, ${r.version})`));
    const inSlice = sql<SqlBool>`(model_id, version) in (${keys})`;
    const tagRows = await db
      .selectFrom('model_version_tags')
      .select(['model_id', 'version', 'key', 'value'])
      .where(inSlice)
      .execute();
    for (const t of tagRows) {
      push(tags, versionKey(t.model_id, t.version), { key: t.key, value: t.value });
    }
    const aliasRows = await db
      .selectFrom('registered_model_aliases')
      .select(['model_id', 'version', 'alias'])
      .where(inSlice)
      .execute();
    for (const a of aliasRows) push(aliases, versionKey(a.model_id, a.version), a.alias);
  }
  return rows.map((row) => {
    const key = versionKey(row.model_id, row.version);
    return versionFromRow(
      row,
      (tags.get(key) ?? []).sort((a, b) => byCodeUnits(a.key, b.key)),
      (aliases.get(key) ?? []).sort(byCodeUnits),
    );
  });
}

/**
 * Latest (highest) version per stage of each model, ordered None, Staging, Production, Archived;
 * all stages when `stages` is empty.
 */
export async function loadLatestVersions(
  db: Kysely<SlipwaySchema>,
  modelIds: readonly number[],
  stages: readonly ModelVersionStage[],
): Promise<Map<number, ModelVersion[]>> {
  const rows: VersionRow[] = [];
  for (const slice of slices(modelIds)) {
    let query = selectVersions(db)
      .where('mv.model_id', 'in', slice)
      .where('mv.version', '=', (eb) =>
        eb
          .selectFrom('model_versions as v2')
          .select((e) => e.fn.max('v2.version').as('latest'))
          .whereRef('v2.model_id', '=', 'mv.model_id')
          .whereRef('v2.current_stage', '=', 'mv.current_stage'),
      );
    if (stages.length > 0) query = query.where('mv.current_stage', 'in', [...stages]);
    rows.push(...(await query.execute()));
  }
  const stageRank = (stage: string) => MODEL_VERSION_STAGES.indexOf(stage as ModelVersionStage);
  rows.sort((a, b) => stageRank(a.current_stage) - stageRank(b.current_stage));
  const versions = await loadVersions(db, rows);
  const byModel = new Map<number, ModelVersion[]>();
  rows.forEach((row, i) => {
    const version = versions[i];
    if (!version) return;
    const list = byModel.get(row.model_id);
    if (list) list.push(version);
    else byModel.set(row.model_id, [version]);
  });
  return byModel;
}

/** Builds full `RegisteredModel`s (tags, aliases, latest version per stage) for the given rows, in order. */
export async function loadModels(
  db: Kysely<SlipwaySchema>,
  rows: readonly ModelRow[],
): Promise<RegisteredModel[]> {
  const ids = rows.map((r) => r.id);
  const tags = new Map<string | number, Tag[]>();
  const aliases = new Map<string | number, ModelAlias[]>();
  for (const slice of slices(ids)) {
    const tagRows = await db
      .selectFrom('registered_model_tags')
      .select(['model_id', 'key', 'value'])
      .where('model_id', 'in', slice)
      .execute();
    for (const t of tagRows) push(tags, t.model_id, { key: t.key, value: t.value });
    const aliasRows = await db
      .selectFrom('registered_model_aliases')
      .select(['model_id', 'alias', 'version'])
      .where('model_id', 'in', slice)
      .execute();
    for (const a of aliasRows) {
      push(aliases, a.model_id, { alias: a.alias, version: String(a.version) });
    }
  }
  const latest = ids.length > 0 ? await loadLatestVersions(db, ids, []) : new Map();
  return rows.map((row) => ({
    name: row.name,
    creationTimestamp: row.creation_time,
    lastUpdatedTimestamp: row.last_updated_time,
    userId: row.user_id,
    description: row.description,
    latestVersions: latest.get(row.id) ?? [],
    tags: (tags.get(row.id) ?? []).sort((a, b) => byCodeUnits(a.key, b.key)),
    aliases: (aliases.get(row.id) ?? []).sort((a, b) => byCodeUnits(a.alias, b.alias)),
  }));
}

function versionFromRow(row: VersionRow, tags: Tag[], aliases: string[]): ModelVersion {
  const version: ModelVersion = {
    name: row.name,
    version: String(row.version),
    creationTimestamp: row.creation_time,
    lastUpdatedTimestamp: row.last_updated_time,
    userId: row.user_id,
    currentStage: row.current_stage as ModelVersionStage,
    description: row.description,
    source: row.source,
    runId: row.run_id,
    runLink: row.run_link,
    status: row.status as ModelVersionStatus,
    statusMessage: row.status_message,
    tags,
    aliases,
  };
  if (row.content_digest !== null) version.contentDigest = row.content_digest;
  return version;
}

/**
 * The integer a version string names, or undefined when it cannot name a stored version (PostgreSQL
 * would otherwise reject "abc" or 2^40 with a type or range error instead of "not found").
 */
export function versionNumber(version: string): number | undefined {
  if (!/^\d{1,10}$/u.test(version)) return undefined;
  const n = Number(version);
  return n >= 1 && n <= 2_147_483_647 ? n : undefined;
}

/** Last write wins for repeated keys, as MLflow does when a create call carries duplicate tags. */
export function dedupeTags(tags: readonly Tag[]): Tag[] {
  return [...new Map(tags.map((t) => [t.key, t.value])).entries()].map(([key, value]) => ({
    key,
    value,
  }));
}
