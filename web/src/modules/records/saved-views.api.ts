import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiRequest } from '../../api/http.client.ts';
import type { SavedView, SavedViewInput } from './records.types.ts';

const viewsKey = (objectType: string) => ['views', objectType] as const;

/** The reader's own views of a record type and the shared ones. */
export function useSavedViews(objectType: string) {
  return useQuery({
    queryKey: viewsKey(objectType),
    queryFn: () => apiRequest<{ data: SavedView[] }>('/views', { query: { object_type: objectType } }).then((body) => body.data),
  });
}

function useViewMutation<TInput, TResult>(objectType: string, mutationFn: (input: TInput) => Promise<TResult>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: viewsKey(objectType) }),
  });
}

export const useCreateView = (objectType: string) =>
  useViewMutation(objectType, (input: SavedViewInput) =>
    apiRequest<SavedView>('/views', { method: 'POST', body: { object_type: objectType, ...input } }));

export const useUpdateView = (objectType: string) =>
  useViewMutation(objectType, ({ id, ...input }: Partial<SavedViewInput> & { id: string }) =>
    apiRequest<SavedView>(`/views/${id}`, { method: 'PATCH', body: input }));

export const useDeleteView = (objectType: string) =>
  useViewMutation(objectType, (id: string) => apiRequest<void>(`/views/${id}`, { method: 'DELETE' }));
