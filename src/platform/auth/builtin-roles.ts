import { ACTIONS, SETTINGS_OBJECTS, type PermissionSet } from './permissions.ts';

export const BUILTIN_ROLE_KEYS = ['admin', 'manager', 'operator', 'read-only'] as const;
export type BuiltinRoleKey = (typeof BUILTIN_ROLE_KEYS)[number];

const all = [...ACTIONS];
const settings = (actions: (typeof ACTIONS)[number][]): PermissionSet =>
  Object.fromEntries(SETTINGS_OBJECTS.map((o) => [o, { actions, scope: 'all' as const }]));

/** The four roles every workspace starts with. Admins may edit all but 'admin' itself. */
export const BUILTIN_ROLES: Record<BuiltinRoleKey, { name: { en: string; ru: string }; permissions: PermissionSet }> = {
  admin: {
    name: { en: 'Administrator', ru: 'Администратор' },
    permissions: { '*': { actions: all, scope: 'all' }, ...settings(all) },
  },
  manager: {
    name: { en: 'Manager', ru: 'Руководитель' },
    permissions: { '*': { actions: all, scope: 'team' } },
  },
  operator: {
    name: { en: 'Operator', ru: 'Оператор' },
    permissions: { '*': { actions: ['read', 'create', 'update'], scope: 'own' } },
  },
  'read-only': {
    name: { en: 'Read-only', ru: 'Только чтение' },
    permissions: { '*': { actions: ['read'], scope: 'all' } },
  },
};
