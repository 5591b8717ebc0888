import { transact } from './transact.js';
import { sql, type Kysely } from 'kysely';
import { notFound, type ModelOutput, type ModelVersionRef, modelVersionKey } from '@slipway/core';
import type { SlipwaySchema } from './schema.js';
import { translateSqlErrors } from './sql-errors.js';
import { chunked } from './tracking-rows.js';

/** The relations of logged models to runs (outputs) and to registry versions. */

export async function insertOutputs(
  db: Kysely<SlipwaySchema>,
  runId: string,
  outputs: readonly ModelOutput[],
): Promise<void> {
  if (outputs.length === 0) return;
  await translateSqlErrors(
    () =>
      transact(db, async (trx) => {
        for (const part of chunked(outputs, 500)) {
          await trx
            .insertInto('logged_model_outputs')
            .values(part.map((o) => ({ run_id: runId, model_id: o.modelId, step: o.step })))
            .onConflict((oc) => oc.doNothing())
            .execute();
        }
      }),
    {
      'foreign-key': () =>
        notFound(`Run '${runId}' or one of the logged models ${describeIds(outputs)} not found.`),
    },
  );
}

export async function selectOutputs(
  db: Kysely<SlipwaySchema>,
  runIds: readonly string[],
): Promise<Map<string, ModelOutput[]>> {
  const out = new Map<string, ModelOutput[]>();
  for (const part of chunked([...new Set(runIds)], 1_000)) {
    const rows = await db
      .selectFrom('logged_model_outputs')
      .selectAll()
      .where('run_id', 'in', part)
      .orderBy('run_id')
      .orderBy('step')
      .orderBy('model_id')
      .execute();
    for (const row of rows) {
      const output = { modelId: row.model_id, step: row.step };
      const list = out.get(row.run_id);
      if (list) list.push(output);
      else out.set(row.run_id, [output]);
    }
  }
  return out;
}

export async function insertVersionLink(
  db: Kysely<SlipwaySchema>,
  version: ModelVersionRef,
  modelId: string,
): Promise<void> {
  const number = Number(version.version);
  // One statement: resolving the name and inserting cannot interleave with a rename.
  const result = await db
    .insertInto('logged_model_versions')
    .columns(['registered_model_id', 'version', 'model_id'])
    .expression((eb) =>
      eb
        .selectFrom('model_versions as mv')
        .innerJoin('registered_models as rm', 'rm.id', 'mv.model_id')
        .select([
          'mv.model_id',
          'mv.version',
          sql<string>`cast(${modelId} as varchar(64))`.as('link_model_id'),
        ])
        .where('rm.name', '=', version.name)
        .where('mv.version', '=', Number.isSafeInteger(number) ? number : -1),
    )
    .onConflict((oc) =>
      oc.columns(['registered_model_id', 'version']).doUpdateSet({ model_id: modelId }),
    )
    .executeTakeFirst();
  if (Number(result.numInsertedOrUpdatedRows ?? 0) === 0) {
    throw notFound(`Model Version (name=${version.name}, version=${version.version}) not found`);
  }
}

export async function selectVersionLinks(
  db: Kysely<SlipwaySchema>,
  versions: readonly ModelVersionRef[],
): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  const names = [...new Set(versions.map((v) => v.name))];
  for (const part of chunked(names, 500)) {
    const rows = await db
      .selectFrom('logged_model_versions as l')
      .innerJoin('registered_models as rm', 'rm.id', 'l.registered_model_id')
      .select(['rm.name', 'l.version', 'l.model_id'])
      .where('rm.name', 'in', part)
      .execute();
    for (const row of rows) {
      out.set(modelVersionKey({ name: row.name, version: String(row.version) }), row.model_id);
    }
  }
  const wanted = new Set(versions.map(modelVersionKey));
  for (const key of out.keys()) if (!wanted.has(key)) out.delete(key);
  return out;
}

function describeIds(outputs: readonly ModelOutput[]): string {
  const ids = [...new Set(outputs.map((o) => `'${o.modelId}'`))];
  return ids.length > 5 ? `${ids.slice(0, 5).join(', ')}, ...` : ids.join(', ');
}
