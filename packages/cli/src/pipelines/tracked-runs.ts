import { isSlipwayError } from '@slipway/core';
import type { RunStatus } from '@slipway/core';
import type { SlipwayClient } from '@slipway/sdk';

/**
 * The tracked (MLflow) runs of a pipeline run's step attempts: one per attempt, in experiment
 * `pipeline/<name>`, so an MLflow client inside a step logs to a run that says where it came from.
 */
export interface TrackedRuns {
  /** Creates the run for one attempt. */
  start(stepKey: string, attempt: number): Promise<{ runId: string; experimentId: string }>;
  end(
    trackedRunId: string,
    status: Extract<RunStatus, 'FINISHED' | 'FAILED' | 'KILLED'>,
  ): Promise<void>;
}

export function sdkTrackedRuns(
  client: SlipwayClient,
  pipeline: string,
  pipelineRunId: string,
): TrackedRuns {
  let experimentId: Promise<string> | undefined;
  const experiment = () => (experimentId ??= experimentNamed(client, `pipeline/${pipeline}`));
  return {
    async start(stepKey, attempt) {
      const experimentId = await experiment();
      const run = await client.runs.create({
        experimentId,
        runName: attempt > 1 ? `${stepKey} (attempt ${attempt})` : stepKey,
        tags: [
          { key: 'slipway.pipeline', value: pipeline },
          { key: 'slipway.pipeline.run', value: pipelineRunId },
          { key: 'slipway.pipeline.step', value: stepKey },
          { key: 'slipway.pipeline.attempt', value: String(attempt) },
        ],
      });
      return { runId: run.info.runId, experimentId };
    },
    async end(trackedRunId, status) {
      await client.runs.end(trackedRunId, status);
    },
  };
}

async function experimentNamed(client: SlipwayClient, name: string): Promise<string> {
  try {
    return (await client.experiments.getByName(name)).experimentId;
  } catch (err) {
    if (!isSlipwayError(err) || err.code !== 'NOT_FOUND') throw err;
  }
  try {
    return (await client.experiments.create({ name })).experimentId;
  } catch (err) {
    // Another runner created it between the two calls.
    if (isSlipwayError(err) && err.code === 'ALREADY_EXISTS') {
      return (await client.experiments.getByName(name)).experimentId;
    }
    throw err;
  }
}
