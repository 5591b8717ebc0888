import type {
  AccessServices,
  RegistryServices,
  TrackingServices,
  WebhookServices,
} from './http-services.js';

/** What the MLflow API plugin receives from buildHttpApp. */
export interface MlflowPluginOptions {
  services: TrackingServices & RegistryServices & AccessServices & WebhookServices;
  artifactLimitBytes: number;
}
