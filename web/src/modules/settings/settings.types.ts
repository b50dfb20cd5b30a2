import type { FieldRules, PermissionSet } from '../auth/auth.types.ts';

export interface Member {
  user_id: string;
  email: string;
  name: string;
  role: string;
  is_disabled: boolean;
  team_ids: string[];
  created_at: string;
}

export interface Team {
  id: string;
  name: string;
  member_ids: string[];
  created_at: string;
}

export interface Role {
  id: string;
  key: string;
  name: string;
  is_builtin: boolean;
  permissions: PermissionSet;
  field_rules: FieldRules;
  created_at: string;
  updated_at: string;
}

export interface ApiKey {
  id: string;
  name: string;
  role: string;
  created_by: string | null;
  created_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
}

export interface CreatedApiKey extends ApiKey {
  /** The secret, returned once on creation and never again. */
  key: string;
}
