import { z } from 'zod';
import { PlatformErrors } from '../errors.ts';

export const ACTIONS = ['read', 'create', 'update', 'delete', 'export'] as const;
export type Action = (typeof ACTIONS)[number];
export const SCOPES = ['own', 'team', 'all'] as const;
export type Scope = (typeof SCOPES)[number];
export type FieldAccess = 'hidden' | 'readonly';

export const objectGrantSchema = z.strictObject({
  actions: z.array(z.enum(ACTIONS)),
  scope: z.enum(SCOPES),
});
/** Keyed by object type; '*' covers every record type (but never the settings objects). */
export const permissionSetSchema = z.record(z.string().min(1).max(64), objectGrantSchema);
/** object type → field → access. */
export const fieldRulesSchema = z.record(z.string().min(1).max(64), z.record(z.string().min(1).max(64), z.enum(['hidden', 'readonly'])));

export type ObjectGrant = z.infer<typeof objectGrantSchema>;
export type PermissionSet = z.infer<typeof permissionSetSchema>;
export type FieldRules = z.infer<typeof fieldRulesSchema>;

/**
 * Workspace administration objects. The '*' wildcard does not reach them: a role must name
 * them explicitly, so a custom "all records" role never becomes an administrator by accident.
 */
export const SETTINGS_OBJECTS = ['member', 'team', 'role', 'api_key', 'audit_log', 'workspace', 'personal_data'] as const;
const isSettingsObject = (objectType: string) => (SETTINGS_OBJECTS as readonly string[]).includes(objectType);

export interface Principal {
  kind: 'user' | 'api_key' | 'system';
  /** The user id, API key id, or a fixed id for the system. */
  id: string;
  /** The user acting, or the user who created the API key; owns what this principal creates. */
  userId: string | null;
  name: string;
  workspaceId: string;
  roleKey: string;
  permissions: PermissionSet;
  fieldRules: FieldRules;
  /** The principal's user plus every user who shares a team with them: the 'team' scope. */
  teamUserIds: string[];
}

export const SYSTEM_PRINCIPAL_ID = '00000000-0000-7000-8000-000000000000';

/** Background work that acts for the workspace itself (projections, housekeeping). */
export function systemPrincipal(workspaceId: string): Principal {
  return {
    kind: 'system',
    id: SYSTEM_PRINCIPAL_ID,
    userId: null,
    name: 'system',
    workspaceId,
    roleKey: 'system',
    permissions: {
      '*': { actions: [...ACTIONS], scope: 'all' },
      ...Object.fromEntries(SETTINGS_OBJECTS.map((o) => [o, { actions: [...ACTIONS], scope: 'all' as Scope }])),
    },
    fieldRules: {},
    teamUserIds: [],
  };
}

function grantFor(principal: Principal, objectType: string): ObjectGrant | undefined {
  return principal.permissions[objectType] ?? (isSettingsObject(objectType) ? undefined : principal.permissions['*']);
}

/** Which records of a type the principal may act on: all of them, or those owned by these users. */
export type RecordScope = { kind: 'all' } | { kind: 'owners'; ownerIds: string[] };

/**
 * The permission check. Every path (HTTP routes, exports, search, background jobs) calls this
 * before touching a record type, and then applies the returned scope to its query.
 */
export function authorize(principal: Principal, objectType: string, action: Action): RecordScope {
  const grant = grantFor(principal, objectType);
  if (!grant || !grant.actions.includes(action)) {
    throw PlatformErrors.FORBIDDEN({ detail: `Your role may not ${action} ${objectType} records` });
  }
  if (grant.scope === 'all') return { kind: 'all' };
  const own = principal.userId ? [principal.userId] : [];
  return { kind: 'owners', ownerIds: grant.scope === 'own' ? own : [...new Set([...own, ...principal.teamUserIds])] };
}

/** The scope a principal may read a type in, or null when they may not read it at all. */
export function readableScope(principal: Principal, objectType: string): RecordScope | null {
  return can(principal, objectType, 'read') ? authorize(principal, objectType, 'read') : null;
}

export function can(principal: Principal, objectType: string, action: Action): boolean {
  const grant = grantFor(principal, objectType);
  return !!grant && grant.actions.includes(action);
}

/**
 * Whether a scope covers a record: its owner is one of the scope's users, or so is one of its
 * co-owners (record types that declare them, e.g. a deal's), who work on it as owners do.
 */
export function isInScope(scope: RecordScope, ownerId: string | null | undefined, coOwnerIds: readonly string[] = []): boolean {
  if (scope.kind === 'all') return true;
  return (!!ownerId && scope.ownerIds.includes(ownerId)) || coOwnerIds.some((id) => scope.ownerIds.includes(id));
}

/**
 * Workspace configuration that shapes everybody's work (lead distribution, pipelines) is changed
 * by those who act beyond their own records: managers and administrators.
 */
export function authorizeConfiguration(principal: Principal, objectType: string, what: string): void {
  const grant = grantFor(principal, objectType);
  if (!grant || !grant.actions.includes('update') || grant.scope === 'own') {
    throw PlatformErrors.FORBIDDEN({ detail: `Your role may not configure ${what}` });
  }
}

/** Checks one known record: the action, then the record's owner and co-owners against the scope. */
export function authorizeRecord(
  principal: Principal, objectType: string, action: Action, ownerId: string | null | undefined, coOwnerIds: readonly string[] = [],
): void {
  const scope = authorize(principal, objectType, action);
  // Out of scope looks exactly like a missing record, so ids can't be probed.
  if (!isInScope(scope, ownerId, coOwnerIds)) throw PlatformErrors.NOT_FOUND();
}

export function fieldAccess(principal: Principal, objectType: string, field: string): FieldAccess | 'write' {
  return principal.fieldRules[objectType]?.[field] ?? principal.fieldRules['*']?.[field] ?? 'write';
}

export function hiddenFields(principal: Principal, objectType: string, fields: readonly string[]): Set<string> {
  return new Set(fields.filter((f) => fieldAccess(principal, objectType, f) === 'hidden'));
}

/** Refuses a write that touches a hidden or read-only field, naming the field. */
export function assertWritableFields(principal: Principal, objectType: string, input: Record<string, unknown>): void {
  for (const field of Object.keys(input)) {
    if (fieldAccess(principal, objectType, field) !== 'write') {
      throw PlatformErrors.FIELD_READ_ONLY({ field, detail: `Your role may not change ${objectType}.${field}` });
    }
  }
}
