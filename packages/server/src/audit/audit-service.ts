import { invalidArgument } from '@slipway/core';
import type { AuditEvent, AuditQuery, AuditStore, Caller } from '@slipway/core';
import type { AccessService } from '../access/access-service.js';
import { nextToken, resolveWindow } from '../support/paging.js';
import type { PageRequest } from '../support/paging.js';

const ACCESS_RESOURCES = new Set(['experiment', 'registered_model', 'deployment']);

/**
 * Reading the audit log. Admins see everything; other users see their own actions, or the events
 * of an experiment, registered model or deployment they may read.
 */
export class AuditService {
  constructor(
    private readonly store: AuditStore,
    private readonly access: AccessService,
  ) {}

  async search(
    caller: Caller,
    request: AuditQuery & PageRequest,
  ): Promise<{ events: AuditEvent[]; nextPageToken?: string | undefined }> {
    const { maxResults, pageToken, ...query } = request;
    if (query.from !== undefined && query.to !== undefined && query.from > query.to) {
      throw invalidArgument(`'from' (${query.from}) is after 'to' (${query.to}).`);
    }
    const scoped = await this.scope(caller, query);
    const window = resolveWindow({ maxResults, pageToken }, scoped, { default: 100, max: 1000 });
    const page = await this.store.search({ ...scoped, ...window });
    return { events: page.items, nextPageToken: nextToken(page.nextOffset, window.fingerprint) };
  }

  private async scope(caller: Caller, query: AuditQuery): Promise<AuditQuery> {
    if (caller.isAdmin) return query;
    const { resourceType, resourceId } = query;
    if (
      resourceType !== undefined &&
      resourceId !== undefined &&
      ACCESS_RESOURCES.has(resourceType)
    ) {
      await this.access.require(
        caller,
        resourceType as 'experiment' | 'registered_model' | 'deployment',
        resourceId,
        'read',
      );
      return query;
    }
    return { ...query, actor: caller.username };
  }
}
