/**
 * Permission levels, as MLflow's basic-auth app names them: READ reads, EDIT also changes,
 * MANAGE also deletes and grants permissions, NO_PERMISSIONS does nothing.
 */
export const PERMISSIONS = ['READ', 'EDIT', 'MANAGE', 'NO_PERMISSIONS'] as const;
export type Permission = (typeof PERMISSIONS)[number];

/** What a request does to a resource; each permission level allows a set of them. */
export type AccessAction = 'read' | 'update' | 'delete' | 'manage';

/** The resources permissions are granted on. Runs, logged models and versions inherit. */
export const RESOURCE_TYPES = [
  'experiment',
  'registered_model',
  'deployment',
  'dataset',
  'pipeline',
] as const;
export type ResourceType = (typeof RESOURCE_TYPES)[number];

const ALLOWED: Record<Permission, readonly AccessAction[]> = {
  READ: ['read'],
  EDIT: ['read', 'update'],
  MANAGE: ['read', 'update', 'delete', 'manage'],
  NO_PERMISSIONS: [],
};

export function isPermission(value: unknown): value is Permission {
  return typeof value === 'string' && (PERMISSIONS as readonly string[]).includes(value);
}

export function permits(permission: Permission, action: AccessAction): boolean {
  return ALLOWED[permission].includes(action);
}

/** The lowest level that allows `action` (what a refusal tells the caller to ask for). */
export function levelFor(action: AccessAction): Permission {
  return action === 'read' ? 'READ' : action === 'update' ? 'EDIT' : 'MANAGE';
}

/** How a resource type is written in messages. */
export function resourceLabel(type: ResourceType): string {
  return type === 'registered_model' ? 'registered model' : type;
}
