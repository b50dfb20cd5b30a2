import type { Locale } from '../../i18n/i18n.setup.ts';

export const ACTIONS = ['read', 'create', 'update', 'delete', 'export'] as const;
export type Action = (typeof ACTIONS)[number];
export const SCOPES = ['own', 'team', 'all'] as const;
export type Scope = (typeof SCOPES)[number];
export type FieldAccess = 'hidden' | 'readonly';

/** Workspace administration objects: the '*' grant never reaches them. */
export const SETTINGS_OBJECTS = ['member', 'team', 'role', 'api_key', 'audit_log', 'workspace', 'personal_data'] as const;
export type SettingsObject = (typeof SETTINGS_OBJECTS)[number];

export interface ObjectGrant {
  actions: Action[];
  scope: Scope;
}

export type PermissionSet = Record<string, ObjectGrant>;
export type FieldRules = Record<string, Record<string, FieldAccess>>;

export interface Workspace {
  id: string;
  slug: string;
  name: string;
  role: string;
  locale: string;
  currency: string;
  time_zone: string;
}

export interface Me {
  user: { id: string; email: string; name: string; locale: Locale | string };
  workspace: Workspace | null;
  workspaces: Workspace[];
  csrf_token: string;
  permissions: PermissionSet;
  field_rules: FieldRules;
}
