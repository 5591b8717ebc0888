import {
  DEFAULT_ROUTE_KEY_HEADER,
  SlipwayError,
  httpStatusFor,
  isSlipwayError,
  route,
} from '@slipway/core';
import type {
  DeploymentState,
  ErrorCode,
  RandomSource,
  ResolvedModel,
  RouteDecision,
  Tensor,
  VariantId,
} from '@slipway/core';
import type { ServiceClock } from '../../support/clock.js';
import type { TargetInferRequest, TargetInferResult } from '../protocol/inference-target.js';
import type { DeploymentEntry } from './deployment-entry.js';
import type { DeploymentObserver } from './deployment-observer.js';
import type { LiveDeployment } from './live-deployment.js';
import { compareOutputs } from './shadow-comparison.js';
import type { OutputComparison } from './shadow-comparison.js';

export interface ServingContext {
  clock: ServiceClock;
  random: RandomSource;
  observer: DeploymentObserver;
  /** Mirrored requests allowed in flight per deployment; more are dropped (and counted). */
  maxShadowInFlight: number;
  /** An observer threw: reported, never allowed to fail a request. */
  onObserverError(err: unknown): void;
}

function codeOf(err: unknown): ErrorCode {
  return isSlipwayError(err) ? err.code : 'INTERNAL';
}

/** Client mistakes (4xx) say nothing about a model's health, so they are left out of its stats. */
function isClientError(code: ErrorCode): boolean {
  return httpStatusFor(code) < 500;
}

function notServing(entry: DeploymentEntry): SlipwayError {
  return new SlipwayError({
    code: 'UNAVAILABLE',
    message: `Deployment '${entry.name}' is ${entry.status}${entry.statusMessage ? `: ${entry.statusMessage}` : ''}.`,
  });
}

/** The variant serving `version` in this state, for requests that name a version explicitly. */
export function variantForVersion(state: DeploymentState, version: string): VariantId | undefined {
  for (const [variant, model] of Object.entries(state.models)) {
    if (model.version === version) return variant;
  }
  return undefined;
}

function decide(
  state: DeploymentState,
  request: TargetInferRequest,
  random: RandomSource,
  pinnedVersion: string | undefined,
  name: string,
): RouteDecision {
  if (pinnedVersion !== undefined) {
    const variant = variantForVersion(state, pinnedVersion);
    if (variant === undefined) {
      throw new SlipwayError({
        code: 'NOT_FOUND',
        message: `Deployment '${name}' does not serve version ${pinnedVersion} (any more).`,
      });
    }
    return { primary: variant };
  }
  const header = state.type === 'ab' ? state.policy.routeKey : DEFAULT_ROUTE_KEY_HEADER;
  const key = request.headers[header];
  return route(state, { routeKey: key === '' ? undefined : key, random });
}

/**
 * One request through a deployment: route on the generation live now, infer on the chosen
 * variant's runtime, feed the statistics, log a sample, and mirror to the shadow challenger after
 * the answer is ready (never awaited, its failures never reach the caller). The generation is
 * held for the whole request, so a concurrent swap cannot close the runtime it uses.
 */
export async function serveRequest(
  entry: DeploymentEntry,
  context: ServingContext,
  request: TargetInferRequest,
  pinnedVersion?: string,
): Promise<TargetInferResult> {
  const live = entry.live;
  if (live === undefined) throw notServing(entry);
  live.enter();
  try {
    const { state } = live;
    const decision = decide(state, request, context.random, pinnedVersion, entry.name);
    const variant = decision.primary;
    const model = state.models[variant] as ResolvedModel;
    const time = context.clock.now();
    const started = performance.now();
    let outputs: Tensor[];
    try {
      outputs = await live.runtime(variant).infer(request.inputs, { outputs: request.outputs });
    } catch (err) {
      const latencyMs = performance.now() - started;
      record(entry, context, variant, model, latencyMs, codeOf(err), request.headers);
      logPrediction(entry, context, request, variant, model, [], latencyMs, time, false, err);
      throw err;
    }
    const latencyMs = performance.now() - started;
    record(entry, context, variant, model, latencyMs, undefined, request.headers);
    entry.served?.remember(request.id, { variant });
    logPrediction(entry, context, request, variant, model, outputs, latencyMs, time, false);
    if (decision.shadow !== undefined) {
      mirror(entry, context, live, decision.shadow, request, model, outputs);
    }
    return { modelName: model.name, modelVersion: model.version, outputs };
  } finally {
    live.exit();
  }
}

function logPrediction(
  entry: DeploymentEntry,
  context: ServingContext,
  request: TargetInferRequest,
  variant: VariantId,
  model: ResolvedModel,
  outputs: readonly Tensor[],
  latencyMs: number,
  time: number,
  shadow: boolean,
  error?: unknown,
): void {
  const { observer } = context;
  if (observer.onPrediction === undefined) return;
  const sampleRate = entry.record.spec.logging.sampleRate;
  if (sampleRate <= 0) return;
  notify(context, () =>
    observer.onPrediction?.({
      requestId: request.id,
      deployment: entry.name,
      variant,
      model,
      inputs: request.inputs,
      outputs,
      latencyMs,
      time,
      shadow,
      sampleRate,
      ...(error === undefined ? {} : { error }),
    }),
  );
}

function record(
  entry: DeploymentEntry,
  context: ServingContext,
  variant: VariantId,
  model: ResolvedModel,
  latencyMs: number,
  error: ErrorCode | undefined,
  headers: Record<string, string | undefined>,
): void {
  const now = context.clock.now();
  entry.traffic.record(variant, now, latencyMs, error);
  if (error === undefined || !isClientError(error)) {
    entry.stats.get(variant)?.record(now, latencyMs, error === undefined);
  }
  if (context.observer.onRequest !== undefined) {
    notify(context, () =>
      context.observer.onRequest?.({
        deployment: entry.name,
        variant,
        model,
        error,
        latencyMs,
        headers,
      }),
    );
  }
}

function notify(context: ServingContext, call: () => void): void {
  try {
    call();
  } catch (err) {
    context.onObserverError(err);
  }
}

/**
 * Sends the request to the challenger once the primary has answered, so the challenger never
 * competes with the answer the client waits for. All of the challenger's outputs are asked for
 * (it may name them differently) and compared by name.
 */
function mirror(
  entry: DeploymentEntry,
  context: ServingContext,
  live: LiveDeployment,
  variant: VariantId,
  request: TargetInferRequest,
  primary: ResolvedModel,
  primaryOutputs: readonly Tensor[],
): void {
  const counters = entry.shadow;
  if (entry.shadowInFlight >= context.maxShadowInFlight) {
    counters.dropped += 1;
    entry.traffic.recordMirror(context.clock.now(), true);
    return;
  }
  counters.mirrored += 1;
  entry.traffic.recordMirror(context.clock.now(), false);
  entry.shadowInFlight += 1;
  live.enter();
  const challenger = live.state.models[variant] as ResolvedModel;
  const time = context.clock.now();
  const started = performance.now();
  const finish = (outputs: Tensor[] | undefined, err: unknown) => {
    const latencyMs = performance.now() - started;
    const error = outputs === undefined ? codeOf(err) : undefined;
    const now = context.clock.now();
    entry.traffic.record(variant, now, latencyMs, error);
    if (error === undefined || !isClientError(error)) {
      entry.stats.get(variant)?.record(now, latencyMs, error === undefined);
    }
    let comparison: OutputComparison | undefined;
    if (outputs === undefined) counters.errors += 1;
    else {
      counters.completed += 1;
      comparison = compareOutputs(primaryOutputs, outputs);
      counters.comparedRows += comparison.rows;
      counters.agreedRows += comparison.agreedRows;
      counters.elements += comparison.elements;
      counters.absDiffSum += comparison.absDiffSum;
    }
    entry.traffic.recordShadowResult(now, comparison);
    notify(context, () =>
      context.observer.onShadow?.({
        deployment: entry.name,
        requestId: request.id,
        primary,
        challenger,
        latencyMs,
        comparison,
        error,
      }),
    );
    logPrediction(
      entry,
      context,
      request,
      variant,
      challenger,
      outputs ?? [],
      latencyMs,
      time,
      true,
      err,
    );
  };
  let pending: Promise<Tensor[]>;
  try {
    pending = live.runtime(variant).infer(request.inputs);
  } catch (err) {
    pending = Promise.reject(err);
  }
  pending
    .then(
      (outputs) => finish(outputs, undefined),
      (err: unknown) => finish(undefined, err),
    )
    .finally(() => {
      entry.shadowInFlight -= 1;
      live.exit();
    })
    .catch((err: unknown) => context.onObserverError(err));
}
