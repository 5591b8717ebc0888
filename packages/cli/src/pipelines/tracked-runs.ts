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

/**
 * `experiments` keeps the experiment ids looked up by name across calls (a worker passes one map
 * for all its jobs, sparing a lookup per attempt); a failed lookup is not kept.
 */
export function sdkTrackedRuns(
  client: SlipwayClient,
  pipeline: string,
  pipelineRunId: string,
  experiments: Map<string, Promise<string>> = new Map(),
): TrackedRuns {
  const name = `pipeline/${pipeline}`;
  const key = `${client.baseUrl} ${name}`;
  const experiment = (): Promise<string> => {
    let id = experiments.get(key);
    if (id === undefined) {
      id = experimentNamed(client, name);
      experiments.set(key, id);
      id.catch(() => experiments.delete(key));
    }
    return id;
  };
  return {
    async start(stepKey, attempt) {
      const experimentId = await experiment();
      const runName = attempt > 1 ? `${stepKey} (attempt ${attempt})` : stepKey;
      const tags = [
        { key: 'slipway.pipeline', value: pipeline },
        { key: 'slipway.pipeline.run', value: pipelineRunId },
        { key: 'slipway.pipeline.step', value: stepKey },
        { key: 'slipway.pipeline.attempt', value: String(attempt) },
      ];
      const run = await client.runs.create({ experimentId, runName, tags }).catch((err) => {
        // A kept id may name an experiment deleted since: look it up again next time.
        experiments.delete(key);
        throw err;
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
