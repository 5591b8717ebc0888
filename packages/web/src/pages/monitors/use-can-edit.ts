import { useResourcePermission } from '../../session/use-resource-permission.js';

/**
 * Whether to show the controls that change a deployment's monitors (create, edit, delete, run):
 * only once the caller is known to hold EDIT on the deployment. Hidden rather than disabled, so
 * READ-only users see the results without controls they cannot use; the server checks anyway.
 */
export function useCanEditMonitors(deployment: string): boolean {
  const permission = useResourcePermission('deployment', deployment);
  return permission.level !== undefined && permission.refusal('update') === undefined;
}
