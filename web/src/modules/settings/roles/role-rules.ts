import { ACTIONS, type Action, type FieldAccess, type FieldRules, type ObjectGrant, type PermissionSet, type Scope } from '../../auth/auth.types.ts';

/** Pure edits of a role's permission set and field rules; the editor only renders them. */

export const NO_GRANT: ObjectGrant = { actions: [], scope: 'own' };

export function toggleAction(permissions: PermissionSet, objectType: string, action: Action, isOn: boolean): PermissionSet {
  const grant = permissions[objectType] ?? { ...NO_GRANT, scope: objectType === '*' ? 'own' : 'all' };
  const chosen = new Set(grant.actions);
  if (isOn) chosen.add(action);
  else chosen.delete(action);
  // Keep the canonical order so saved roles diff cleanly in the audit log.
  return { ...permissions, [objectType]: { ...grant, actions: ACTIONS.filter((candidate) => chosen.has(candidate)) } };
}

export function setScope(permissions: PermissionSet, objectType: string, scope: Scope): PermissionSet {
  const grant = permissions[objectType] ?? NO_GRANT;
  return { ...permissions, [objectType]: { ...grant, scope } };
}

/** A record type either follows '*' or has its own entry, starting as a copy of '*'. */
export function setOverride(permissions: PermissionSet, objectType: string, isOverridden: boolean): PermissionSet {
  const { [objectType]: _current, ...rest } = permissions;
  if (!isOverridden) return rest;
  const base = permissions['*'] ?? NO_GRANT;
  return { ...rest, [objectType]: { actions: [...base.actions], scope: base.scope } };
}

export function setFieldAccess(rules: FieldRules, objectType: string, field: string, access: FieldAccess | 'write'): FieldRules {
  const { [field]: _current, ...others } = rules[objectType] ?? {};
  const typeRules = access === 'write' ? others : { ...others, [field]: access };
  const { [objectType]: _type, ...rest } = rules;
  return Object.keys(typeRules).length === 0 ? rest : { ...rest, [objectType]: typeRules };
}

/** Settings objects with no action left need no entry at all. */
export function withoutEmptySettingsGrants(permissions: PermissionSet, settingsObjects: readonly string[]): PermissionSet {
  return Object.fromEntries(
    Object.entries(permissions).filter(([type, grant]) => !(settingsObjects.includes(type) && grant.actions.length === 0)),
  );
}
