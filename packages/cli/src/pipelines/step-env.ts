import type { PlannedStep } from '@slipway/core';
import type { RunContext } from './run-context.js';

/**
 * A step's environment: the runner's own, then the variables the pipeline declares, then what
 * Slipway sets (which wins, so a step cannot be pointed at another run's directories by mistake).
 * MLflow's variables make an MLflow client inside the step log to this server, into the attempt's
 * tracked run.
 */
export function stepEnv(
  ctx: RunContext,
  step: PlannedStep,
  dirs: { tracked: { runId: string; experimentId: string }; outputsDir: string; inputsDir: string },
): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(ctx.baseEnv)) {
    if (value !== undefined) env[name] = value;
  }
  Object.assign(env, step.env, {
    SLIPWAY_URL: ctx.serverUrl,
    MLFLOW_TRACKING_URI: ctx.serverUrl,
    MLFLOW_RUN_ID: dirs.tracked.runId,
    MLFLOW_EXPERIMENT_ID: dirs.tracked.experimentId,
    SLIPWAY_PIPELINE: ctx.pipeline,
    SLIPWAY_PIPELINE_RUN_ID: ctx.runId,
    SLIPWAY_STEP: step.key,
    SLIPWAY_OUTPUTS: dirs.outputsDir,
    SLIPWAY_INPUTS: dirs.inputsDir,
  });
  // MLflow prefers an experiment name to an id: one inherited would not match the run's.
  delete env.MLFLOW_EXPERIMENT_NAME;
  const { token, username, password } = ctx.credentials;
  if (token !== undefined) {
    env.SLIPWAY_TOKEN = token;
    env.MLFLOW_TRACKING_TOKEN = token;
  } else if (username !== undefined && password !== undefined) {
    env.SLIPWAY_USERNAME = env.MLFLOW_TRACKING_USERNAME = username;
    env.SLIPWAY_PASSWORD = env.MLFLOW_TRACKING_PASSWORD = password;
  }
  if (step.item !== undefined) env.SLIPWAY_ITEM = itemText(step.item);
  else delete env.SLIPWAY_ITEM;
  return env;
}

function itemText(item: NonNullable<PlannedStep['item']>): string {
  return typeof item === 'object' ? JSON.stringify(item) : String(item);
}
