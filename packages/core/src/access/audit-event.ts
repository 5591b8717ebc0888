/**
 * What an audit event is about: the access resources, the things that inherit from them, and
 * the server's own users, tokens, permissions, artifacts and sign-ins.
 */
export const AUDIT_RESOURCE_TYPES = [
  'experiment',
  'registered_model',
  'deployment',
  'run',
  'logged_model',
  'model_version',
  'artifact',
  'user',
  'token',
  'permission',
  'session',
  'dataset',
  'pipeline',
] as const;
export type AuditResourceType = (typeof AUDIT_RESOURCE_TYPES)[number];

/** One recorded state change (or refused login): who, when, what, before and after. */
export interface AuditEvent {
  id: number;
  /** Milliseconds since the epoch. */
  time: number;
  /**
   * The authenticated user (or `anonymous`, or `system:<task>`). A refused login is `anonymous`:
   * the name tried is its resourceId (and `after.username`), never taken as the actor.
   */
  actor: string;
  /** The API token the actor used, if any. */
  tokenId?: string | undefined;
  /** `<resource>.<verb>`, e.g. `experiment.delete`, `registered_model.alias.set`, `login.failed`. */
  action: string;
  resourceType: AuditResourceType;
  resourceId: string;
  /** The changed fields as they were; absent for a creation. */
  before?: Record<string, unknown> | undefined;
  /** The changed fields as they are now; absent for a deletion. */
  after?: Record<string, unknown> | undefined;
}

export type NewAuditEvent = Omit<AuditEvent, 'id'>;

export interface AuditQuery {
  actor?: string | undefined;
  resourceType?: AuditResourceType | undefined;
  resourceId?: string | undefined;
  /** `experiment.delete`, or a prefix ending in `.`: `registered_model.`. */
  action?: string | undefined;
  /** Inclusive bounds, ms since the epoch. */
  from?: number | undefined;
  to?: number | undefined;
}
