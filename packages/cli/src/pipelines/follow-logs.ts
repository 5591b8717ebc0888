import { SlipwayError } from '@slipway/core';
import type { PipelineLogEntry, StepStatus } from '@slipway/core';
import type { PipelineReader } from './pipeline-recorder.js';

const ENDED: ReadonlySet<StepStatus> = new Set([
  'succeeded',
  'cached',
  'failed',
  'skipped',
  'cancelled',
]);

export interface FollowLogsOptions {
  /** Keep reading until the step has ended (else return what is there now). */
  follow: boolean;
  onEntry?: ((entry: PipelineLogEntry) => void) | undefined;
  pollMs?: number;
}

/** Reads a step's log from the start, page after page; with `follow`, until the step ends. */
export async function followLogs(
  reader: Pick<PipelineReader, 'getRun' | 'readLogs'>,
  runId: string,
  stepKey: string,
  options: FollowLogsOptions,
): Promise<PipelineLogEntry[]> {
  const run = await reader.getRun(runId);
  if (!run.steps.some((s) => s.key === stepKey)) {
    throw new SlipwayError({
      code: 'NOT_FOUND',
      message: `Run ${runId} has no step '${stepKey}'; its steps are ${run.steps.map((s) => s.key).join(', ')}.`,
    });
  }
  const all: PipelineLogEntry[] = [];
  let after = 0;
  for (;;) {
    // Whether the step had ended is read before the page, so lines written just before it ended
    // are still read after that.
    const ended = !options.follow || ENDED.has(await stepStatus(reader, runId, stepKey));
    const page = await reader.readLogs(runId, stepKey, { after });
    for (const entry of page.entries) {
      all.push(entry);
      options.onEntry?.(entry);
    }
    const advanced = page.nextSeq > after;
    after = page.nextSeq;
    if (advanced) continue;
    if (ended) return all;
    await new Promise((done) => setTimeout(done, options.pollMs ?? 500));
  }
}

async function stepStatus(
  reader: Pick<PipelineReader, 'getRun'>,
  runId: string,
  stepKey: string,
): Promise<StepStatus> {
  const run = await reader.getRun(runId);
  return run.steps.find((s) => s.key === stepKey)?.status ?? 'pending';
}
