import { keepPreviousData, useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiRequest, apiUpload } from '../../api/http.client.ts';
import type { Page } from '../records/records.types.ts';
import { notifyPriceListError } from './price-list-errors.ts';
import type { PriceList, PriceListChange, PriceListInput, PriceListItem, PriceListItemInput, ProductHit, ProductPrice } from './products.types.ts';

const PRICE_LISTS_KEY = ['price-lists'] as const;
const ITEMS_PAGE_SIZE = 50;
const SEARCH_LIMIT = 20;

/** Every list, by currency with each currency's default first. */
export function usePriceLists(isEnabled = true) {
  return useQuery({
    queryKey: PRICE_LISTS_KEY,
    queryFn: () => apiRequest<{ data: PriceList[] }>('/price-lists').then((body) => body.data),
    enabled: isEnabled,
  });
}

export function usePriceListItems(id: string) {
  return useInfiniteQuery({
    queryKey: [...PRICE_LISTS_KEY, id, 'items'],
    queryFn: ({ pageParam }) => apiRequest<Page<PriceListItem>>(`/price-lists/${id}/items`, { query: { limit: ITEMS_PAGE_SIZE, cursor: pageParam } }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.next_cursor,
  });
}

export function useProductPrices(productId: string) {
  return useQuery({
    queryKey: ['products', productId, 'prices'],
    queryFn: () => apiRequest<{ data: ProductPrice[] }>(`/products/${productId}/prices`).then((body) => body.data),
  });
}

/** Catalogue search for pickers: the record list of products, cut short. */
export function useProductSearch(q: string, isEnabled = true) {
  return useQuery({
    queryKey: ['records', 'products', 'list', 'search', q],
    queryFn: () => apiRequest<Page<ProductHit>>('/products', { query: { q, limit: SEARCH_LIMIT } }).then((body) => body.data),
    placeholderData: keepPreviousData,
    enabled: isEnabled,
  });
}

/**
 * A write to the price lists. Lists carry item counts and products show their prices, so both
 * are refreshed; deals price their lines only when saved, so nothing of theirs is stale.
 */
function usePriceListMutation<TInput, TResult>(mutationFn: (input: TInput) => Promise<TResult>, options: { isSilent?: boolean } = {}) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn,
    meta: { isSilent: true },
    onError: options.isSilent ? undefined : notifyPriceListError,
    onSuccess: () => Promise.all([
      queryClient.invalidateQueries({ queryKey: PRICE_LISTS_KEY }),
      queryClient.invalidateQueries({ queryKey: ['products'] }),
    ]),
  });
}

export const useCreatePriceList = () =>
  usePriceListMutation((input: PriceListInput) => apiRequest<PriceList>('/price-lists', { method: 'POST', body: input }));

export const useUpdatePriceList = () =>
  usePriceListMutation(({ id, ...input }: { id: string; name?: string; is_default?: boolean }) =>
    apiRequest<PriceList>(`/price-lists/${id}`, { method: 'PATCH', body: input }));

export const useDeletePriceList = () =>
  usePriceListMutation((id: string) => apiRequest<void>(`/price-lists/${id}`, { method: 'DELETE' }));

/** All or nothing: a refused batch names its bad rows, which the caller shows. */
export const useSetPriceListItems = (id: string) =>
  usePriceListMutation((items: PriceListItemInput[]) =>
    apiRequest<PriceListChange>(`/price-lists/${id}/items`, { method: 'PUT', body: { items } }), { isSilent: true });

/** The file goes up as it is; the server reads its columns. Silent: the page shows the server's reason. */
export const useUploadPriceListCsv = (id: string) =>
  usePriceListMutation((file: File) =>
    apiUpload<PriceListChange>(`/price-lists/${id}/items/csv`, { file, contentType: 'text/csv' }), { isSilent: true });
