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

export const CUSTOM_FIELD_KINDS = [
  'text', 'long_text', 'number', 'money', 'date', 'datetime', 'boolean', 'select', 'multi_select', 'email', 'phone', 'url', 'relation',
] as const;
export type CustomFieldKind = (typeof CUSTOM_FIELD_KINDS)[number];

export interface CustomFieldOption {
  /** What records store; fixed once records may hold it. */
  value: string;
  label: string;
}

export interface CustomField {
  id: string;
  object_type: string;
  key: string;
  /** `custom.<key>`: the name in filters, views, field rules and exports. */
  name: string;
  label: string;
  kind: CustomFieldKind;
  options: CustomFieldOption[] | null;
  /** For relations: the record type referred to. */
  references: string | null;
  is_required: boolean;
  /** personal or sensitive values are erased with the person and listed in the processing register. */
  classification: FieldClassification;
  is_pii: boolean;
  position: number;
  created_at: string;
  updated_at: string;
}

export interface CustomFieldInput {
  object_type: string;
  key: string;
  label: string;
  kind: CustomFieldKind;
  options?: CustomFieldOption[];
  references?: string;
  is_required: boolean;
  classification: FieldClassification;
}

export type FieldClassification = 'plain' | 'personal' | 'sensitive';

export type CustomFieldUpdate = Partial<Pick<CustomFieldInput, 'label' | 'options' | 'is_required' | 'classification'>>;
