import { SETTINGS_OBJECTS, type Action, type FieldAccess, type Me, type ObjectGrant } from './auth.types.ts';

const isSettingsObject = (objectType: string) => (SETTINGS_OBJECTS as readonly string[]).includes(objectType);

/** Mirrors the server: an explicit entry wins, else '*' — which never covers settings objects. */
export function grantFor(me: Me | null | undefined, objectType: string): ObjectGrant | undefined {
  if (!me) return undefined;
  return me.permissions[objectType] ?? (isSettingsObject(objectType) ? undefined : me.permissions['*']);
}

export function can(me: Me | null | undefined, objectType: string, action: Action): boolean {
  return grantFor(me, objectType)?.actions.includes(action) ?? false;
}

export function fieldAccess(me: Me | null | undefined, objectType: string, field: string): FieldAccess | 'write' {
  return me?.field_rules[objectType]?.[field] ?? me?.field_rules['*']?.[field] ?? 'write';
}

/** Mirrors the server: sharing a view takes a role that acts beyond its own records (managers, admins). */
export function canShareViews(me: Me | null | undefined): boolean {
  const grant = grantFor(me, 'saved_view');
  return !!grant && grant.actions.includes('create') && grant.scope !== 'own';
}
