import { transact } from './transact.js';
import type { Kysely } from 'kysely';
import { SlipwayError, type DatasetInput } from '@slipway/core';
import type { SlipwaySchema } from './schema.js';
import { translateSqlErrors } from './sql-errors.js';
import { runNotFound } from './tracking-not-found.js';
import { chunked } from './tracking-rows.js';

// 8 columns per dataset row: 500 rows stay far below both drivers' bound-parameter limits.
const ROWS_PER_INSERT = 500;

/**
 * Records dataset inputs of a run, as MLflow's log_inputs: datasets are shared per experiment by
 * (name, digest) and the first stored version is kept; a run uses a dataset at most once, and the
 * input tags of an input that already existed are left as they were. One transaction; repeated
 * and concurrent calls are idempotent (every insert is ON CONFLICT DO NOTHING).
 */
export async function logInputs(
  db: Kysely<SlipwaySchema>,
  runId: string,
  inputs: readonly DatasetInput[],
  newId: () => string,
): Promise<void> {
  const unique = firstPerNameDigest(inputs);
  // Looked up before BEGIN (a run never changes experiment) so the transaction starts with a
  // write: a SQLite transaction that reads first and writes later cannot wait out another
  // process's write lock with busy_timeout and fails with SQLITE_BUSY instead.
  const run = await db
    .selectFrom('runs')
    .select('experiment_id')
    .where('run_id', '=', runId)
    .executeTakeFirst();
  if (run === undefined) throw runNotFound(runId);
  if (unique.length === 0) return;
  const experimentId = run.experiment_id;

  const write = () =>
    transact(db, async (trx) => {
      for (const part of chunked(unique, ROWS_PER_INSERT)) {
        await trx
          .insertInto('datasets')
          .values(
            part.map(({ dataset: d }) => ({
              dataset_uuid: newId(),
              experiment_id: experimentId,
              name: d.name,
              digest: d.digest,
              dataset_source_type: d.sourceType,
              dataset_source: d.source,
              dataset_schema: d.schema ?? null,
              dataset_profile: d.profile ?? null,
            })),
          )
          .onConflict((oc) => oc.columns(['experiment_id', 'name', 'digest']).doNothing())
          .execute();
      }

      const datasetIds = new Map<string, string>();
      for (const part of chunked(
        [...new Set(unique.map((i) => i.dataset.name))],
        ROWS_PER_INSERT,
      )) {
        const rows = await trx
          .selectFrom('datasets')
          .select(['dataset_uuid', 'name', 'digest'])
          .where('experiment_id', '=', experimentId)
          .where('name', 'in', part)
          .execute();
        for (const r of rows) datasetIds.set(pairKey(r.name, r.digest), r.dataset_uuid);
      }

      const tagsByDataset = new Map<string, DatasetInput['tags']>();
      const links = unique.map((input) => {
        const datasetUuid = datasetIds.get(pairKey(input.dataset.name, input.dataset.digest));
        // Inserted or found above in this transaction; absence would be a bug, not bad input.
        if (datasetUuid === undefined) {
          throw new SlipwayError({
            code: 'INTERNAL',
            message: 'Dataset row vanished inside its transaction',
          });
        }
        tagsByDataset.set(datasetUuid, input.tags);
        return { input_uuid: newId(), dataset_uuid: datasetUuid, run_id: runId };
      });
      for (const part of chunked(links, ROWS_PER_INSERT)) {
        const created = await trx
          .insertInto('run_inputs')
          .values(part)
          .onConflict((oc) => oc.columns(['run_id', 'dataset_uuid']).doNothing())
          .returning(['input_uuid', 'dataset_uuid'])
          .execute();
        const tagRows = created.flatMap((c) => {
          const byName = new Map<string, string>();
          for (const t of tagsByDataset.get(c.dataset_uuid) ?? []) byName.set(t.key, t.value);
          return [...byName].map(([name, value]) => ({ input_uuid: c.input_uuid, name, value }));
        });
        for (const tags of chunked(tagRows, ROWS_PER_INSERT)) {
          await trx.insertInto('input_tags').values(tags).execute();
        }
      }
    });
  // A run deleted meanwhile shows up as a foreign-key violation.
  await translateSqlErrors(write, { 'foreign-key': () => runNotFound(runId) });
}

function pairKey(name: string, digest: string): string {
  return JSON.stringify([name, digest]);
}

/** MLflow keeps the first of several inputs naming the same dataset; sorted for lock order. */
function firstPerNameDigest(inputs: readonly DatasetInput[]): DatasetInput[] {
  const seen = new Map<string, DatasetInput>();
  for (const input of inputs) {
    const key = pairKey(input.dataset.name, input.dataset.digest);
    if (!seen.has(key)) seen.set(key, input);
  }
  return [...seen.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([, input]) => input);
}
