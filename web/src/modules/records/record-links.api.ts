import { useMutation, useQuery, useQueryClient, type QueryKey } from '@tanstack/react-query';
import { apiRequest } from '../../api/http.client.ts';

/** The records linked to one record, e.g. a deal's contacts, read as one list from `path`. */
export function useRecordLinks<Item>(path: string, queryKey: QueryKey) {
  return useQuery({
    queryKey,
    queryFn: () => apiRequest<{ data: Item[] }>(path).then((body) => body.data),
  });
}

interface ReplaceRecordLinksOptions<Item> {
  path: string;
  /** The list's field in the request body, e.g. `contacts`; the server's row errors start with it. */
  field: string;
  /** Where useRecordLinks keeps the list. */
  queryKey: QueryKey;
  /** What else shows the change, refreshed after a save; given the list before and after it. */
  refreshes: (saved: Item[], before: Item[]) => QueryKey[];
}

/** Replaces the whole list with one PUT, which answers with the list as saved. */
export function useReplaceRecordLinks<Item, Input>({ path, field, queryKey, refreshes }: ReplaceRecordLinksOptions<Item>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (links: Input[]) =>
      apiRequest<{ data: Item[] }>(path, { method: 'PUT', body: { [field]: links } }).then((body) => body.data),
    // The editor shows refused rows in place; it raises a toast for anything else.
    meta: { isSilent: true },
    onSuccess: (saved) => {
      const before = queryClient.getQueryData<Item[]>(queryKey) ?? [];
      queryClient.setQueryData(queryKey, saved);
      return Promise.all(refreshes(saved, before).map((key) => queryClient.invalidateQueries({ queryKey: key })));
    },
  });
}
