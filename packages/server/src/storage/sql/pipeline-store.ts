import { sql } from 'kysely';
import type { ExpressionBuilder, Kysely } from 'kysely';
import { alreadyExists } from '@slipway/core';
import type {
  LogAppendLimits,
  NewPipelineRun,
  Page,
  PipelineCacheHit,
  PipelineLogEntry,
  PipelineLogStream,
  PipelineRun,
  PipelineRunFilter,
  PipelineRunInfo,
  PipelineRunStatus,
  PipelineRunSummary,
  PipelineStep,
  PipelineStepLink,
  PipelineStepRef,
  PipelineStore,
  PipelineSummary,
  ReadableBy,
  SearchWindow,
  StepChange,
  StepGuard,
  StepStatus,
  StepTransition,
} from '@slipway/core';
import { stepsCachedFrom, stepsTrackedTo } from './pipeline-lineage.js';
import { appendStepLogs, readStepLogs } from './pipeline-logs.js';
import { findCached, listPipelines, listRuns, stepCounts, within } from './pipeline-queries.js';
import {
  changeValues,
  runFromRow,
  runRow,
  STEP_COLUMNS,
  stepFromRow,
  stepRow,
} from './pipeline-rows.js';
import type { SlipwaySchema } from './schema.js';
import { translateSqlErrors } from './sql-errors.js';
import type { SqlDatabase, SqlDialectName } from './sql-database.js';
import { transact } from './transact.js';

/** Rows per INSERT when a run's steps are written (well under both drivers' parameter limits). */
const STEP_BATCH = 200;
const UNFINISHED: readonly StepStatus[] = ['pending', 'queued', 'running'];

/** Pipeline runs, steps and step logs in SQLite or PostgreSQL (migration 0013). */
export class SqlPipelineStore implements PipelineStore {
  private readonly db: Kysely<SlipwaySchema>;
  private readonly dialect: SqlDialectName;

  constructor(database: SqlDatabase) {
    this.db = database.db;
    this.dialect = database.dialect;
  }

  async createRun(run: NewPipelineRun): Promise<PipelineRun> {
    await translateSqlErrors(
      () =>
        transact(this.db, async (trx) => {
          await trx.insertInto('pipeline_runs').values(runRow(run)).execute();
          const rows = run.steps.map((step, i) => stepRow(run.runId, step, i));
          for (let i = 0; i < rows.length; i += STEP_BATCH) {
            await trx
              .insertInto('pipeline_steps')
              .values(rows.slice(i, i + STEP_BATCH))
              .execute();
          }
        }),
      { unique: () => alreadyExists(`A pipeline run with id '${run.runId}' exists.`) },
    );
    const created = await this.getRun(run.runId);
    if (created === undefined) throw new Error(`pipeline run ${run.runId} vanished`);
    return created;
  }

  async getRun(runId: string): Promise<PipelineRun | undefined> {
    const info = await this.getRunInfo(runId);
    if (info === undefined) return undefined;
    return { ...info, steps: await this.getSteps(runId) };
  }

  async getRunInfo(runId: string): Promise<PipelineRunInfo | undefined> {
    const row = await this.db
      .selectFrom('pipeline_runs')
      .selectAll()
      .where('run_id', '=', runId)
      .executeTakeFirst();
    return row === undefined ? undefined : runFromRow(row);
  }

  async listRuns(
    filter: PipelineRunFilter,
    window: SearchWindow,
    readableBy?: ReadableBy,
  ): Promise<Page<PipelineRunSummary>> {
    return listRuns(this.db, this.dialect, filter, window, readableBy);
  }

  async listPipelines(
    window: SearchWindow,
    readableBy?: ReadableBy,
  ): Promise<Page<PipelineSummary>> {
    return listPipelines(this.db, window, readableBy);
  }

  async hasRuns(pipeline: string): Promise<boolean> {
    const row = await this.db
      .selectFrom('pipeline_runs')
      .select('run_id')
      .where('pipeline', '=', pipeline)
      .limit(1)
      .executeTakeFirst();
    return row !== undefined;
  }

  async getSteps(runId: string, keys?: readonly string[]): Promise<PipelineStep[]> {
    if (keys !== undefined && keys.length === 0) return [];
    let select = this.db
      .selectFrom('pipeline_steps')
      .select(STEP_COLUMNS)
      .where('run_id', '=', runId);
    if (keys !== undefined) {
      select = select.where(within(this.dialect, 'step_key', keys));
    }
    const rows = await select.orderBy('position').execute();
    return rows.map(stepFromRow);
  }

  async transitionStep(
    runId: string,
    stepKey: string,
    guard: StepGuard,
    change: StepChange,
    now: number,
  ): Promise<StepTransition> {
    return transact(this.db, async (trx) => {
      // Every change to a run's steps locks the run's row first, so they are serialized per run
      // and the one that finishes the last step sees every other step finished (completeRun).
      const run = await trx
        .updateTable('pipeline_runs')
        .set({ updated_at: now })
        .where('run_id', '=', runId)
        .returning(['cancel_requested'])
        .executeTakeFirst();
      const cancelRequested = Number(run?.cancel_requested ?? 0) === 1;
      const refused = async (): Promise<StepTransition> => ({
        changed: false,
        step: (await this.stepIn(trx, runId, stepKey)) ?? undefined,
        cancelRequested,
      });
      if (run === undefined || (guard.notCancelled === true && cancelRequested)) return refused();
      const values = changeValues(change);
      const updated = await trx
        .updateTable('pipeline_steps')
        .set(change.newAttempt === true ? { ...values, attempt: sql`attempt + 1` } : values)
        .where('run_id', '=', runId)
        .where('step_key', '=', stepKey)
        .where((eb) => guardCondition(eb, guard))
        .executeTakeFirst();
      if (Number(updated.numUpdatedRows) !== 1) return refused();
      if (change.status === 'running' || change.status === 'cached') {
        await trx
          .updateTable('pipeline_runs')
          .set({ started_at: now })
          .where('run_id', '=', runId)
          .where('started_at', 'is', null)
          .execute();
      }
      const step = await this.stepIn(trx, runId, stepKey);
      if (step === undefined) throw new Error(`pipeline step ${runId}/${stepKey} vanished`);
      return { changed: true, step };
    });
  }

  async heartbeat(runId: string, stepKey: string, worker: string, now: number): Promise<boolean> {
    const updated = await this.db
      .updateTable('pipeline_steps')
      .set({ heartbeat_at: now })
      .where('run_id', '=', runId)
      .where('step_key', '=', stepKey)
      .where('status', '=', 'running')
      .where('worker', '=', worker)
      .executeTakeFirst();
    return Number(updated.numUpdatedRows) === 1;
  }

  async completeRun(runId: string, now: number): Promise<PipelineRunStatus | undefined> {
    return transact(this.db, async (trx) => {
      const run = await trx
        .updateTable('pipeline_runs')
        .set({ updated_at: now })
        .where('run_id', '=', runId)
        .where('status', '=', 'running')
        .returning(['cancel_requested'])
        .executeTakeFirst();
      if (run === undefined) return undefined;
      const counts = (await stepCounts(trx, this.dialect, [runId])).get(runId) ?? {};
      if (UNFINISHED.some((s) => (counts[s] ?? 0) > 0)) return undefined;
      const status: PipelineRunStatus =
        (counts.failed ?? 0) > 0
          ? 'failed'
          : Number(run.cancel_requested) === 1 || (counts.cancelled ?? 0) > 0
            ? 'cancelled'
            : 'succeeded';
      await trx
        .updateTable('pipeline_runs')
        .set({ status, finished_at: now })
        .where('run_id', '=', runId)
        .where('status', '=', 'running')
        .execute();
      return status;
    });
  }

  async requestCancel(runId: string, now: number): Promise<string[] | undefined> {
    return transact(this.db, async (trx) => {
      const run = await trx
        .updateTable('pipeline_runs')
        .set({ cancel_requested: 1, updated_at: now })
        .where('run_id', '=', runId)
        .where('status', '=', 'running')
        .returning(['run_id'])
        .executeTakeFirst();
      if (run === undefined) return undefined;
      const cancelled = await trx
        .updateTable('pipeline_steps')
        .set({ status: 'cancelled', finished_at: now })
        .where('run_id', '=', runId)
        .where('status', 'in', ['pending', 'queued'])
        .returning(['step_key', 'position'])
        .execute();
      return cancelled
        .sort((a, b) => Number(a.position) - Number(b.position))
        .map((r) => r.step_key);
    });
  }

  async findCached(
    cacheKey: string,
    notBefore: number | undefined,
    readableBy?: ReadableBy,
  ): Promise<PipelineCacheHit | undefined> {
    return findCached(this.db, cacheKey, notBefore, readableBy);
  }

  stepsTrackedTo(runIds: readonly string[]): Promise<PipelineStepLink[]> {
    return stepsTrackedTo(this.db, this.dialect, runIds);
  }

  stepsCachedFrom(steps: readonly PipelineStepRef[]): Promise<PipelineStepLink[]> {
    return stepsCachedFrom(this.db, this.dialect, steps);
  }

  async appendLogs(
    runId: string,
    stepKey: string,
    entries: ReadonlyArray<{ stream: PipelineLogStream; text: string }>,
    now: number,
    limits: LogAppendLimits,
  ): Promise<{ appended: number; truncated: boolean } | undefined> {
    return transact(this.db, (trx) => appendStepLogs(trx, runId, stepKey, entries, now, limits));
  }

  async readLogs(
    runId: string,
    stepKey: string,
    after: number,
    limit: number,
  ): Promise<{ entries: PipelineLogEntry[]; truncated: boolean } | undefined> {
    return readStepLogs(this.db, runId, stepKey, after, limit);
  }

  private async stepIn(
    db: Kysely<SlipwaySchema>,
    runId: string,
    stepKey: string,
  ): Promise<PipelineStep | undefined> {
    const row = await db
      .selectFrom('pipeline_steps')
      .select(STEP_COLUMNS)
      .where('run_id', '=', runId)
      .where('step_key', '=', stepKey)
      .executeTakeFirst();
    return row === undefined ? undefined : stepFromRow(row);
  }
}

/** The guard as one condition on the step's row. */
function guardCondition(eb: ExpressionBuilder<SlipwaySchema, 'pipeline_steps'>, guard: StepGuard) {
  const options = [];
  const waiting = guard.statuses.filter((s) => s !== 'running');
  if (waiting.length > 0) options.push(eb('status', 'in', waiting));
  if (guard.statuses.includes('running')) {
    options.push(
      guard.worker === undefined
        ? eb('status', '=', 'running')
        : eb.and([eb('status', '=', 'running'), eb('worker', '=', guard.worker)]),
    );
  }
  if (guard.staleBefore !== undefined) {
    options.push(
      eb.and([eb('status', '=', 'running'), eb('heartbeat_at', '<', guard.staleBefore)]),
    );
  }
  return eb.or(options);
}
