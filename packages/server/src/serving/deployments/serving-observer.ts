import type { CanaryPhase } from '@slipway/core';
import type { PredictionLogService } from '../../prediction-log/prediction-log-service.js';
import type { ServingMetrics } from '../metrics/serving-metrics.js';
import type { DeploymentObserver } from './deployment-observer.js';

export interface ServingObserverTargets {
  metrics?: ServingMetrics | undefined;
  predictionLog?: PredictionLogService | undefined;
}

/**
 * The protocol label of the request metrics. Requests reach a deployment through the REST and gRPC
 * front ends alike and the target interface does not say which; every HTTP/1.1 request carries a
 * `host` header, while gRPC metadata never does (HTTP/2 names the host in `:authority`, which
 * gRPC leaves out of the metadata).
 */
function protocolOf(headers: Record<string, string | undefined> | undefined): string {
  return headers?.['host'] === undefined ? 'grpc' : 'rest';
}

/** Feeds the Prometheus metrics and the prediction log from what deployments report. */
export function servingObserver(targets: ServingObserverTargets): DeploymentObserver {
  const { metrics, predictionLog } = targets;
  return {
    onRequest(event) {
      metrics?.recordRequest(
        event.deployment,
        event.model.version,
        protocolOf(event.headers),
        event.error === undefined ? 'ok' : event.error.toLowerCase(),
        event.latencyMs / 1000,
      );
    },
    onPrediction(event) {
      predictionLog?.record(
        {
          requestId: event.requestId,
          deployment: event.deployment,
          modelName: event.model.name,
          modelVersion: event.model.version,
          variant: event.variant,
          inputs: event.inputs,
          outputs: event.outputs,
          latencyMs: event.latencyMs,
          status: event.error === undefined ? 'ok' : 'error',
          error: event.error,
          time: event.time,
        },
        event.sampleRate,
      );
    },
    onShadow(event) {
      if (metrics === undefined) return;
      if (event.comparison === undefined) {
        metrics.recordShadowError(event.deployment);
        return;
      }
      const { comparison } = event;
      if (!comparison.comparable) return;
      metrics.recordShadowComparison(
        event.deployment,
        comparison.agreedRows === comparison.rows,
        comparison.elements === 0 ? 0 : comparison.absDiffSum / comparison.elements,
      );
    },
    onStateChange(event) {
      if (event.phase === undefined) return;
      metrics?.setCanaryState(event.deployment, {
        weight: event.weights['candidate'] ?? 0,
        phase: event.phase as CanaryPhase,
      });
    },
    onDeleted(deployment) {
      metrics?.removeDeployment(deployment);
    },
    onModelLoaded(model, loadMs) {
      metrics?.observeModelLoad(model.name, model.version, loadMs / 1000);
    },
    onBatch(deployment, model, batch) {
      if (metrics === undefined) return;
      const handle = metrics.forModel(deployment, model.version);
      handle.observeBatchSize(batch.rows);
      handle.setQueueDepth(batch.queueDepth);
    },
  };
}
