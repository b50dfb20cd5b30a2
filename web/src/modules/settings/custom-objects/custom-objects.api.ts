import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiRequest } from '../../../api/http.client.ts';
import { notifyCustomObjectError } from './custom-object-errors.ts';
import type { CustomObject, CustomObjectInput, CustomObjectUpdate } from './custom-objects.types.ts';

const CUSTOM_OBJECTS_KEY = ['settings', 'custom-objects'] as const;

export function useCustomObjects() {
  return useQuery({
    queryKey: CUSTOM_OBJECTS_KEY,
    queryFn: () => apiRequest<{ data: CustomObject[] }>('/custom-objects').then((body) => body.data),
  });
}

/**
 * A write to the definitions. Each custom object is a record type, so the record types are
 * refreshed too: navigation, lists, forms and the custom fields page follow them.
 */
function useCustomObjectMutation<TInput, TResult>(mutationFn: (input: TInput) => Promise<TResult>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn,
    // The module names its own refusals (a key taken, records still there) in the reader's language.
    meta: { isSilent: true },
    onError: notifyCustomObjectError,
    onSuccess: () => Promise.all([
      queryClient.invalidateQueries({ queryKey: CUSTOM_OBJECTS_KEY }),
      queryClient.invalidateQueries({ queryKey: ['object-types'] }),
    ]),
  });
}

export const useCreateCustomObject = () =>
  useCustomObjectMutation((input: CustomObjectInput) => apiRequest<CustomObject>('/custom-objects', { method: 'POST', body: input }));

export const useUpdateCustomObject = () =>
  useCustomObjectMutation(({ id, ...input }: CustomObjectUpdate & { id: string }) =>
    apiRequest<CustomObject>(`/custom-objects/${id}`, { method: 'PATCH', body: input }));

export const useDeleteCustomObject = () =>
  useCustomObjectMutation((id: string) => apiRequest<void>(`/custom-objects/${id}`, { method: 'DELETE' }));
