import { notFound, permits } from '@slipway/core';
import type {
  AccessAction,
  Caller,
  Permission,
  PermissionGrant,
  PermissionStore,
  ReadableBy,
  ResourceType,
  TransactionStores,
  UnitOfWork,
  UserStore,
} from '@slipway/core';
import { auditRecord } from '../audit/audit-record.js';
import type { ServiceClock } from '../support/clock.js';
import { adminOnly, permissionDenied } from './access-errors.js';
import { TtlCache } from './ttl-cache.js';

export interface AccessServiceOptions {
  permissions: PermissionStore;
  users: UserStore;
  uow: UnitOfWork;
  clock: ServiceClock;
  /** What users get on resources they hold no explicit permission on (MLflow's default_permission). */
  defaultPermission: Permission;
  /** How long a looked-up permission is trusted (default 1 s); changes here apply at once. */
  cacheTtlMs?: number | undefined;
}

/**
 * Authorization, as MLflow's basic-auth app does it: each user holds a permission on an
 * experiment, registered model or deployment (the creator gets MANAGE), or else the default one;
 * runs, logged models and versions inherit from theirs; admins may do everything. Every service
 * asks `require` before acting; permission changes are audited.
 */
export class AccessService {
  readonly defaultPermission: Permission;
  private readonly cache: TtlCache<Permission>;

  constructor(private readonly options: AccessServiceOptions) {
    this.defaultPermission = options.defaultPermission;
    this.cache = new TtlCache(options.cacheTtlMs ?? 1_000, 50_000, () => options.clock.now());
  }

  /** The permission `caller` holds on a resource (MANAGE for admins). */
  async permissionOf(caller: Caller, type: ResourceType, resourceId: string): Promise<Permission> {
    if (caller.isAdmin) return 'MANAGE';
    if (caller.userId === undefined) return 'NO_PERMISSIONS';
    const key = `${caller.userId}\u0000${type}\u0000${resourceId}`;
    let permission = this.cache.get(key);
    if (permission === undefined) {
      permission =
        (await this.options.permissions.get(type, resourceId, caller.userId)) ??
        this.defaultPermission;
      this.cache.set(key, permission);
    }
    return permission;
  }

  async can(
    caller: Caller,
    type: ResourceType,
    resourceId: string,
    action: AccessAction,
  ): Promise<boolean> {
    return permits(await this.permissionOf(caller, type, resourceId), action);
  }

  /** PERMISSION_DENIED unless `caller` may do `action` on the resource. */
  async require(
    caller: Caller,
    type: ResourceType,
    resourceId: string,
    action: AccessAction,
  ): Promise<void> {
    if (caller.isAdmin) return;
    const held = await this.permissionOf(caller, type, resourceId);
    if (!permits(held, action)) throw permissionDenied(caller, type, resourceId, action, held);
  }

  requireAdmin(caller: Caller, what: string): void {
    if (!caller.isAdmin) throw adminOnly(caller, what);
  }

  /** How a search narrows to what `caller` may read; undefined for admins (no narrowing). */
  readableBy(caller: Caller): ReadableBy | undefined {
    if (caller.isAdmin) return undefined;
    // A non-admin without a user id (cannot happen with authentication on) reads nothing.
    return { userId: caller.userId ?? -1, defaultPermission: this.defaultPermission };
  }

  /** The creator of a resource gets MANAGE on it, in the transaction that creates it. */
  async grantCreator(
    stores: TransactionStores,
    caller: Caller,
    type: ResourceType,
    resourceId: string,
  ): Promise<void> {
    if (caller.userId === undefined) return;
    await stores.permissions.set(type, resourceId, caller.userId, 'MANAGE');
    this.invalidate();
  }

  /** Every permission on a resource deleted for good (its id may be reused by a new one). */
  async forgetResource(stores: TransactionStores, type: ResourceType, resourceId: string) {
    await stores.permissions.deleteResource(type, resourceId);
    this.invalidate();
  }

  async renameResource(stores: TransactionStores, type: ResourceType, from: string, to: string) {
    await stores.permissions.renameResource(type, from, to);
    this.invalidate();
  }

  /** Who holds what on a resource; needs MANAGE on it. */
  async list(caller: Caller, type: ResourceType, resourceId: string): Promise<PermissionGrant[]> {
    await this.require(caller, type, resourceId, 'manage');
    return this.options.permissions.listForResource(type, resourceId);
  }

  /** A user's explicit permission (NOT_FOUND when none: the default applies); needs MANAGE. */
  async get(
    caller: Caller,
    type: ResourceType,
    resourceId: string,
    username: string,
  ): Promise<PermissionGrant> {
    await this.require(caller, type, resourceId, 'manage');
    const user = await this.user(username);
    const permission = await this.options.permissions.get(type, resourceId, user.id);
    if (permission === undefined) {
      throw notFound(
        `User '${username}' has no explicit permission on it; the default (${this.defaultPermission}) applies.`,
      );
    }
    return { resourceType: type, resourceId, userId: user.id, username, permission };
  }

  /**
   * Gives `username` a permission on a resource: `mode` 'create' refuses when one exists (MLflow's
   * create), 'update' when none does, 'set' does either. Needs MANAGE on the resource.
   */
  async grant(
    caller: Caller,
    type: ResourceType,
    resourceId: string,
    username: string,
    permission: Permission,
    mode: 'create' | 'update' | 'set' = 'set',
  ): Promise<PermissionGrant> {
    await this.require(caller, type, resourceId, 'manage');
    const user = await this.user(username);
    await this.options.uow.run(async (s) => {
      const before = await s.permissions.get(type, resourceId, user.id);
      if (mode === 'create') await s.permissions.create(type, resourceId, user.id, permission);
      else if (mode === 'update') await s.permissions.update(type, resourceId, user.id, permission);
      else await s.permissions.set(type, resourceId, user.id, permission);
      await s.audit.append([
        auditRecord(
          caller,
          this.options.clock.now(),
          'permission.set',
          'permission',
          grantId(type, resourceId, username),
          {
            ...(before === undefined ? {} : { before: { permission: before } }),
            after: { resourceType: type, resourceId, username, permission },
          },
        ),
      ]);
    });
    this.invalidate();
    return { resourceType: type, resourceId, userId: user.id, username, permission };
  }

  /** Removes a user's explicit permission (the default applies again); needs MANAGE. */
  async revoke(
    caller: Caller,
    type: ResourceType,
    resourceId: string,
    username: string,
  ): Promise<void> {
    await this.require(caller, type, resourceId, 'manage');
    const user = await this.user(username);
    await this.options.uow.run(async (s) => {
      const before = await s.permissions.get(type, resourceId, user.id);
      await s.permissions.delete(type, resourceId, user.id);
      await s.audit.append([
        auditRecord(
          caller,
          this.options.clock.now(),
          'permission.delete',
          'permission',
          grantId(type, resourceId, username),
          {
            before: { resourceType: type, resourceId, username, permission: before },
          },
        ),
      ]);
    });
    this.invalidate();
  }

  /** A user's explicit permissions: yourself, or anyone as an admin. */
  async listForUser(caller: Caller, username: string): Promise<PermissionGrant[]> {
    if (!caller.isAdmin && caller.username !== username) {
      throw adminOnly(caller, "see another user's permissions");
    }
    const user = await this.user(username);
    return this.options.permissions.listForUser(user.id);
  }

  invalidate(): void {
    this.cache.clear();
  }

  private async user(username: string) {
    const user = await this.options.users.getUser(username);
    if (user === undefined) throw notFound(`User with username=${username} not found.`);
    return user;
  }
}

/** The audit resource id of one user's permission on one resource. */
function grantId(type: ResourceType, resourceId: string, username: string): string {
  return `${type}/${resourceId}/${username}`;
}
