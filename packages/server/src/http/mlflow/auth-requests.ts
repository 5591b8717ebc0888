import { z } from 'zod';
import { fields } from './mlflow-fields.js';

/** Request messages of MLflow's basic-auth REST API (mlflow/server/auth). */
export const usernameRequest = z.object({ username: fields.requiredString() });
export const userPasswordRequest = z.object({
  username: fields.requiredString(),
  password: fields.requiredString(),
});
export const userAdminRequest = z.object({
  username: fields.requiredString(),
  is_admin: fields.bool(),
});
export const experimentPermissionRequest = z.object({
  experiment_id: fields.requiredExperimentId(),
  username: fields.requiredString(),
  permission: fields.string(),
});
export const registeredModelPermissionRequest = z.object({
  name: fields.requiredString(),
  username: fields.requiredString(),
  permission: fields.string(),
});
