import { notFound, type SlipwayError } from '@slipway/core';

export function runNotFound(runId: string): SlipwayError {
  return notFound(`Run with id=${runId} not found`, { runId });
}

export function experimentNotFound(experimentId: string): SlipwayError {
  return notFound(`No Experiment with id=${experimentId} exists`, { experimentId });
}
