import { useMutation, useQuery, useQueryClient, type QueryKey } from '@tanstack/react-query';
import { apiRequest } from '../../api/http.client.ts';
import type { FieldRules, PermissionSet } from '../auth/auth.types.ts';
import { MEMBER_DIRECTORY_KEY } from '../records/member-directory.api.ts';
import type { ApiKey, CreatedApiKey, CustomField, CustomFieldInput, CustomFieldUpdate, Member, Role, Team } from './settings.types.ts';

type List<T> = { data: T[] };

function useCollection<T>(resource: string, isEnabled = true) {
  return useQuery({
    queryKey: ['settings', resource],
    queryFn: () => apiRequest<List<T>>(`/${resource}`).then((body) => body.data),
    enabled: isEnabled,
  });
}

/**
 * A write to a settings collection, refreshing that collection (and any other it names) afterwards,
 * and any other cached data the write changes.
 */
function useCollectionMutation<TInput, TResult = unknown>(
  resources: string[],
  mutationFn: (input: TInput) => Promise<TResult>,
  alsoRefresh: QueryKey[] = [],
) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn,
    onSuccess: () => Promise.all([
      ...resources.map((resource) => queryClient.invalidateQueries({ queryKey: ['settings', resource] })),
      ...alsoRefresh.map((queryKey) => queryClient.invalidateQueries({ queryKey })),
    ]),
  });
}

export const useMembers = (isEnabled?: boolean) => useCollection<Member>('members', isEnabled);
export const useTeams = (isEnabled?: boolean) => useCollection<Team>('teams', isEnabled);
export const useRoles = (isEnabled?: boolean) => useCollection<Role>('roles', isEnabled);
export const useApiKeys = () => useCollection<ApiKey>('api-keys');

// Pickers and owner names read the member directory, which lists the active members.
export const useCreateMember = () =>
  useCollectionMutation(['members'], (input: { email: string; name: string; password?: string; role: string }) =>
    apiRequest<Member>('/members', { method: 'POST', body: input }), [MEMBER_DIRECTORY_KEY]);

export const useUpdateMember = () =>
  useCollectionMutation(['members'], ({ userId, ...input }: { userId: string; role?: string; is_disabled?: boolean }) =>
    apiRequest<Member>(`/members/${userId}`, { method: 'PATCH', body: input }), [MEMBER_DIRECTORY_KEY]);

export const useRemoveMember = () =>
  useCollectionMutation(['members', 'teams'], (userId: string) => apiRequest<void>(`/members/${userId}`, { method: 'DELETE' }), [MEMBER_DIRECTORY_KEY]);

export const useCreateTeam = () =>
  useCollectionMutation(['teams', 'members'], (input: { name: string; member_ids: string[] }) =>
    apiRequest<Team>('/teams', { method: 'POST', body: input }));

export const useUpdateTeam = () =>
  useCollectionMutation(['teams', 'members'], ({ id, ...input }: { id: string; name?: string; member_ids?: string[] }) =>
    apiRequest<Team>(`/teams/${id}`, { method: 'PATCH', body: input }));

export const useDeleteTeam = () =>
  useCollectionMutation(['teams', 'members'], (id: string) => apiRequest<void>(`/teams/${id}`, { method: 'DELETE' }));

export interface RoleInput {
  key?: string;
  name: string;
  permissions: PermissionSet;
  field_rules: FieldRules;
}

export const useCreateRole = () =>
  useCollectionMutation(['roles'], (input: RoleInput) => apiRequest<Role>('/roles', { method: 'POST', body: input }));

export const useUpdateRole = () =>
  useCollectionMutation(['roles'], ({ id, key: _key, ...input }: RoleInput & { id: string }) =>
    apiRequest<Role>(`/roles/${id}`, { method: 'PATCH', body: input }));

export const useDeleteRole = () =>
  useCollectionMutation(['roles'], (id: string) => apiRequest<void>(`/roles/${id}`, { method: 'DELETE' }));

export const useCreateApiKey = () =>
  useCollectionMutation(['api-keys'], (input: { name: string; role: string }) =>
    apiRequest<CreatedApiKey>('/api-keys', { method: 'POST', body: input }));

export const useRevokeApiKey = () =>
  useCollectionMutation(['api-keys'], (id: string) => apiRequest<void>(`/api-keys/${id}`, { method: 'DELETE' }));

export function useCustomFields(objectType: string | undefined) {
  return useQuery({
    queryKey: ['settings', 'custom-fields', objectType],
    queryFn: () => apiRequest<List<CustomField>>('/custom-fields', { query: { object_type: objectType } }).then((body) => body.data),
    enabled: objectType !== undefined,
  });
}

// Record types list their custom fields, so forms, lists and filters pick up a change at once.
const OBJECT_TYPES_KEY = ['object-types'];

export const useCreateCustomField = () =>
  useCollectionMutation(['custom-fields'], (input: CustomFieldInput) =>
    apiRequest<CustomField>('/custom-fields', { method: 'POST', body: input }), [OBJECT_TYPES_KEY]);

export const useUpdateCustomField = () =>
  useCollectionMutation(['custom-fields'], ({ id, ...input }: CustomFieldUpdate & { id: string }) =>
    apiRequest<CustomField>(`/custom-fields/${id}`, { method: 'PATCH', body: input }), [OBJECT_TYPES_KEY]);

export const useDeleteCustomField = () =>
  useCollectionMutation(['custom-fields'], (id: string) =>
    apiRequest<void>(`/custom-fields/${id}`, { method: 'DELETE' }), [OBJECT_TYPES_KEY]);

const BUILTIN_ROLE_KEYS = ['admin', 'manager', 'operator', 'read-only'];

/** Roles to pick from; a user who may not read roles still gets the built-in keys. */
export function useRoleOptions(canReadRoles: boolean): { value: string; label: string }[] {
  const roles = useRoles(canReadRoles);
  if (roles.data) return roles.data.map((role) => ({ value: role.key, label: role.name }));
  return BUILTIN_ROLE_KEYS.map((key) => ({ value: key, label: key }));
}
