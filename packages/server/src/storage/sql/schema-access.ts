import type { Generated } from 'kysely';

export interface UsersTable {
  id: Generated<number>;
  username: string;
  password_hash: string;
  is_admin: number;
  created_at: number;
  updated_at: number;
}

export interface ApiTokensTable {
  id: string;
  user_id: number;
  name: string;
  token_hash: string;
  created_at: number;
  expires_at: number | null;
  revoked_at: number | null;
}

export interface PermissionsTable {
  resource_type: string;
  resource_id: string;
  user_id: number;
  permission: string;
}

/** `before` and `after` are JSON objects as text: read and written whole. */
export interface AuditEventsTable {
  id: Generated<number>;
  time: number;
  actor: string;
  token_id: string | null;
  action: string;
  resource_type: string;
  resource_id: string;
  before: string | null;
  after: string | null;
}

export interface JobLeasesTable {
  name: string;
  holder: string;
  expires_at: number;
}

/** Tables of access control, the audit log and job leases (migration 0007). */
export interface AccessTables {
  users: UsersTable;
  api_tokens: ApiTokensTable;
  permissions: PermissionsTable;
  audit_events: AuditEventsTable;
  job_leases: JobLeasesTable;
}
