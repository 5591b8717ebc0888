import type { ResourceType } from '@slipway/core';
import type { SearchAuditOptions } from '@slipway/sdk';

/**
 * TanStack Query keys of the administration pages and the caller's own tokens. A change
 * invalidates the group it touches (`adminKeys.users.all` after creating a user); the whole cache
 * is cleared when the signed-in user changes, so keys need not name the caller.
 */
export const adminKeys = {
  all: ['admin'] as const,
  users: {
    all: ['admin', 'users'] as const,
    page: (pageToken: string | undefined) => ['admin', 'users', 'page', pageToken ?? ''] as const,
    /** Every username, for pickers (one page of up to 1000). */
    names: ['admin', 'users', 'names'] as const,
  },
  tokens: {
    all: ['admin', 'tokens'] as const,
    /** A user's tokens; undefined: the caller's own. */
    of: (username: string | undefined) =>
      ['admin', 'tokens', username === undefined ? { own: true } : { username }] as const,
  },
  permissions: {
    all: ['admin', 'permissions'] as const,
    of: (type: ResourceType, resourceId: string) =>
      ['admin', 'permissions', type, resourceId] as const,
    /** The server's default permission, which applies where a user holds none. */
    defaultLevel: ['admin', 'permissions', 'default'] as const,
  },
  resources: {
    search: (type: ResourceType, text: string) => ['admin', 'resources', type, text] as const,
    experimentName: (experimentId: string) =>
      ['admin', 'resources', 'experiment-name', experimentId] as const,
  },
  audit: {
    all: ['admin', 'audit'] as const,
    search: (options: SearchAuditOptions) => ['admin', 'audit', options] as const,
  },
};
