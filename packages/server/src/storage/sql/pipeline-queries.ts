import { sql } from 'kysely';
import type { Kysely, SqlBool } from 'kysely';
import type {
  Page,
  PipelineCacheHit,
  PipelineOutput,
  PipelineRunFilter,
  PipelineRunStatus,
  PipelineRunSummary,
  PipelineSummary,
  ReadableBy,
  SearchWindow,
  StepStatus,
} from '@slipway/core';
import { inList } from './bound-lists.js';
import { runFromRow } from './pipeline-rows.js';
import { readableCondition } from './readable-sql.js';
import type { SlipwaySchema } from './schema.js';
import type { SqlDialectName } from './sql-database.js';

/** The listings and lookups of SqlPipelineStore: read-only, outside any transaction. */

export async function listRuns(
  db: Kysely<SlipwaySchema>,
  dialect: SqlDialectName,
  filter: PipelineRunFilter,
  window: SearchWindow,
  readableBy?: ReadableBy,
): Promise<Page<PipelineRunSummary>> {
  let select = db.selectFrom('pipeline_runs').selectAll();
  if (filter.pipeline !== undefined) select = select.where('pipeline', '=', filter.pipeline);
  if (filter.status !== undefined) select = select.where('status', '=', filter.status);
  if (readableBy !== undefined) {
    select = select.where(readableCondition('pipeline', sql.ref('pipeline'), readableBy));
  }
  const rows = await select
    .orderBy('created_at', 'desc')
    .orderBy('run_id', 'desc')
    .limit(window.limit + 1)
    .offset(window.offset)
    .execute();
  const page = paged(rows.map(runFromRow), window);
  const counts = await stepCounts(
    db,
    dialect,
    page.items.map((r) => r.runId),
  );
  return {
    ...page,
    items: page.items.map((run) => ({ ...run, stepCounts: counts.get(run.runId) ?? {} })),
  };
}

export async function listPipelines(
  db: Kysely<SlipwaySchema>,
  window: SearchWindow,
  readableBy?: ReadableBy,
): Promise<Page<PipelineSummary>> {
  let names = db
    .selectFrom('pipeline_runs')
    .select(['pipeline', (eb) => eb.fn.countAll<number | string>().as('run_count')])
    .groupBy('pipeline');
  if (readableBy !== undefined) {
    names = names.where(readableCondition('pipeline', sql.ref('pipeline'), readableBy));
  }
  const grouped = await names
    .orderBy('pipeline')
    .limit(window.limit + 1)
    .offset(window.offset)
    .execute();
  const page = paged(grouped, window);
  const items: PipelineSummary[] = [];
  for (const { pipeline, run_count } of page.items) {
    const last = await db
      .selectFrom('pipeline_runs')
      .select(['run_id', 'status', 'created_at'])
      .where('pipeline', '=', pipeline)
      .orderBy('created_at', 'desc')
      .orderBy('run_id', 'desc')
      .limit(1)
      .executeTakeFirstOrThrow();
    items.push({
      name: pipeline,
      runCount: Number(run_count),
      lastRun: {
        runId: last.run_id,
        status: last.status as PipelineRunStatus,
        createdAt: Number(last.created_at),
      },
    });
  }
  return { ...page, items };
}

export async function findCached(
  db: Kysely<SlipwaySchema>,
  cacheKey: string,
  notBefore: number | undefined,
  readableBy?: ReadableBy,
): Promise<PipelineCacheHit | undefined> {
  let select = db
    .selectFrom('pipeline_steps as s')
    .innerJoin('pipeline_runs as r', 'r.run_id', 's.run_id')
    .select(['s.run_id', 's.step_key', 's.outputs', 's.outputs_digest', 's.finished_at'])
    .where('s.cache_key', '=', cacheKey)
    .where('s.status', '=', 'succeeded');
  if (notBefore !== undefined) select = select.where('s.finished_at', '>=', notBefore);
  if (readableBy !== undefined) {
    select = select.where(readableCondition('pipeline', sql.ref('r.pipeline'), readableBy));
  }
  const row = await select
    .orderBy('s.finished_at', 'desc')
    .orderBy('s.run_id', 'desc')
    .limit(1)
    .executeTakeFirst();
  if (row === undefined || row.outputs_digest === null || row.finished_at === null) {
    return undefined;
  }
  return {
    runId: row.run_id,
    stepKey: row.step_key,
    outputs: JSON.parse(row.outputs) as PipelineOutput[],
    outputsDigest: row.outputs_digest,
    finishedAt: Number(row.finished_at),
  };
}

/** Steps per status of each run. */
export async function stepCounts(
  db: Kysely<SlipwaySchema>,
  dialect: SqlDialectName,
  runIds: readonly string[],
): Promise<Map<string, Partial<Record<StepStatus, number>>>> {
  const counts = new Map<string, Partial<Record<StepStatus, number>>>();
  if (runIds.length === 0) return counts;
  const rows = await db
    .selectFrom('pipeline_steps')
    .select(['run_id', 'status', (eb) => eb.fn.countAll<number | string>().as('n')])
    .where(within(dialect, 'run_id', runIds))
    .groupBy(['run_id', 'status'])
    .execute();
  for (const row of rows) {
    const forRun = counts.get(row.run_id) ?? {};
    forRun[row.status as StepStatus] = Number(row.n);
    counts.set(row.run_id, forRun);
  }
  return counts;
}

/** `column IN (values)`, the list bound as one parameter. */
export function within(dialect: SqlDialectName, column: string, values: readonly string[]) {
  return sql<SqlBool>`${inList(dialect, sql.ref(column), values, 'text')}`;
}

function paged<T>(items: T[], window: SearchWindow): Page<T> {
  const page: Page<T> = { items: items.slice(0, window.limit) };
  if (items.length > window.limit) page.nextOffset = window.offset + window.limit;
  return page;
}
