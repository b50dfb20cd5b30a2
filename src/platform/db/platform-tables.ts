import type { ColumnType, Generated, JSONColumnType } from 'kysely';
import type { FieldRules, PermissionSet } from '../auth/permissions.ts';

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;

export interface WorkspaceTable {
  id: string;
  slug: string;
  name: string;
  locale: Generated<string>;
  time_zone: Generated<string>;
  currency: Generated<string>;
  default_region: Generated<string>;
  created_at: Timestamp;
}

export interface AppUserTable {
  id: string;
  email: string;
  name: string;
  password_hash: string | null;
  locale: Generated<string>;
  is_disabled: Generated<boolean>;
  created_at: Timestamp;
}

export interface RoleTable {
  workspace_id: string;
  id: string;
  key: string;
  name: string;
  is_builtin: Generated<boolean>;
  permissions: JSONColumnType<PermissionSet, string, string>;
  field_rules: JSONColumnType<FieldRules, string, string>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface MembershipTable {
  workspace_id: string;
  user_id: string;
  role_id: string;
  is_disabled: Generated<boolean>;
  created_at: Timestamp;
}

export interface TeamTable {
  workspace_id: string;
  id: string;
  name: string;
  created_at: Timestamp;
}

export interface TeamMemberTable {
  workspace_id: string;
  team_id: string;
  user_id: string;
}

export interface UserSessionTable {
  id: string;
  user_id: string;
  workspace_id: string | null;
  csrf_token: string;
  created_at: Timestamp;
  expires_at: Timestamp;
}

export interface ApiKeyTable {
  workspace_id: string;
  id: string;
  name: string;
  secret_hash: string;
  role_id: string;
  created_by: string | null;
  created_at: Timestamp;
  last_used_at: Timestamp | null;
  revoked_at: Timestamp | null;
}

export interface AuditLogTable {
  workspace_id: string;
  id: string;
  occurred_at: Timestamp;
  actor_type: 'user' | 'api_key' | 'system';
  actor_id: string | null;
  actor_name: string | null;
  entity_type: string;
  entity_id: string | null;
  action: string;
  changes: JSONColumnType<Record<string, { before?: unknown; after?: unknown }>, string, string>;
  request_id: string | null;
}

export interface DomainEventTable {
  workspace_id: string;
  id: string;
  name: string;
  entity_type: string | null;
  entity_id: string | null;
  payload: JSONColumnType<Record<string, unknown>, string, string>;
  actor_type: string;
  actor_id: string | null;
  occurred_at: Timestamp;
  dispatched_at: Timestamp | null;
}

export interface IdempotencyKeyTable {
  workspace_id: string;
  principal_id: string;
  key: string;
  request_hash: string;
  status_code: number | null;
  response_body: JSONColumnType<object, string, string> | null;
  created_at: Timestamp;
}

export interface CustomFieldTable {
  workspace_id: string;
  id: string;
  object_type: string;
  key: string;
  label: string;
  kind: string;
  options: JSONColumnType<{ value: string; label: string }[] | null, string | null, string | null>;
  references_type: string | null;
  is_required: Generated<boolean>;
  classification: Generated<'plain' | 'personal' | 'sensitive'>;
  /** Generated from the classification. */
  is_pii: ColumnType<boolean, never, never>;
  position: Generated<number>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface SavedViewTable {
  workspace_id: string;
  id: string;
  object_type: string;
  name: string;
  owner_id: string;
  is_shared: Generated<boolean>;
  filter: JSONColumnType<Record<string, unknown> | null, string | null, string | null>;
  sort: string | null;
  columns: JSONColumnType<string[], string, string>;
  group_by: string | null;
  layout: Generated<string>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

declare module './database.ts' {
  interface Database {
    workspace: WorkspaceTable;
    app_user: AppUserTable;
    role: RoleTable;
    membership: MembershipTable;
    team: TeamTable;
    team_member: TeamMemberTable;
    user_session: UserSessionTable;
    api_key: ApiKeyTable;
    audit_log: AuditLogTable;
    domain_event: DomainEventTable;
    idempotency_key: IdempotencyKeyTable;
    custom_field: CustomFieldTable;
    saved_view: SavedViewTable;
  }
}
