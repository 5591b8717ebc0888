import type { Permission, ResourceType } from '../access/permission.js';

export interface PermissionGrant {
  resourceType: ResourceType;
  resourceId: string;
  userId: number;
  username: string;
  permission: Permission;
}

/**
 * Explicit permissions of users on resources (experiments by id, registered models and
 * deployments by name). A user without one gets the server's default permission.
 */
export interface PermissionStore {
  get(type: ResourceType, resourceId: string, userId: number): Promise<Permission | undefined>;
  /** ALREADY_EXISTS when the user already has a permission on the resource (MLflow's create). */
  create(
    type: ResourceType,
    resourceId: string,
    userId: number,
    permission: Permission,
  ): Promise<void>;
  /** Creates or replaces. */
  set(
    type: ResourceType,
    resourceId: string,
    userId: number,
    permission: Permission,
  ): Promise<void>;
  /** NOT_FOUND when there is none. */
  update(
    type: ResourceType,
    resourceId: string,
    userId: number,
    permission: Permission,
  ): Promise<void>;
  /** NOT_FOUND when there is none. */
  delete(type: ResourceType, resourceId: string, userId: number): Promise<void>;
  /** Every user's permission on the resource: when it is deleted for good. */
  deleteResource(type: ResourceType, resourceId: string): Promise<void>;
  /** Moves every permission to the new id (a registered model renamed). */
  renameResource(type: ResourceType, from: string, to: string): Promise<void>;
  listForResource(type: ResourceType, resourceId: string): Promise<PermissionGrant[]>;
  listForUser(userId: number): Promise<PermissionGrant[]>;
}

/**
 * Narrows a search to what a user may read: resources where their explicit permission allows
 * reading, or where they have none and the default permission allows it. Absent: no narrowing
 * (admins, authentication off).
 */
export interface ReadableBy {
  userId: number;
  defaultPermission: Permission;
}
