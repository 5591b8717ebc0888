import type { InferenceTargetResolver } from '../../serving/protocol/inference-target.js';

/** What every /v2 route needs. */
export interface OipRouteContext {
  resolver: InferenceTargetResolver;
  /** The largest request body accepted, in bytes. */
  bodyLimitBytes: number;
}

export interface ModelParams {
  name: string;
  version?: string;
}

/** Each model route is served both with and without an explicit version. */
export function modelPaths(suffix: string): string[] {
  return [`/models/:name${suffix}`, `/models/:name/versions/:version${suffix}`];
}
