import type { AccessServices, RegistryServices, TrackingServices } from './http-services.js';

/** What the MLflow API plugin receives from buildHttpApp. */
export interface MlflowPluginOptions {
  services: TrackingServices & RegistryServices & AccessServices;
  artifactLimitBytes: number;
}
