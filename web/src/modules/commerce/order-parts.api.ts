import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiRequest } from '../../api/http.client.ts';
import type { Page, RecordData } from '../records/index.ts';
import type { OrderLines, OrderLinesInput, OrderReturn, OrderReturnInput, PurchaseTotals } from './order-parts.types.ts';

// Under the order record's own key: saving the order (a new status, say) refreshes them too.
const linesKey = (orderId: string) => ['records', 'orders', 'one', orderId, 'lines'] as const;
const returnsKey = (orderId: string) => ['records', 'orders', 'one', orderId, 'returns'] as const;
const purchasesKey = (personId: string) => ['records', 'people', 'one', personId, 'purchases'] as const;

/** What an order's lines and returns change elsewhere: the order itself, order lists, customers' totals, timelines. */
function refreshAfterOrderChange(queryClient: ReturnType<typeof useQueryClient>) {
  return Promise.all([
    queryClient.invalidateQueries({ queryKey: ['records', 'orders'] }),
    queryClient.invalidateQueries({ queryKey: ['records', 'people'] }),
    queryClient.invalidateQueries({ queryKey: ['timeline'] }),
  ]);
}

export function useOrderLines(orderId: string) {
  return useQuery({ queryKey: linesKey(orderId), queryFn: () => apiRequest<OrderLines>(`/orders/${orderId}/lines`) });
}

/** Replaces every line; the order's total becomes their sum. */
export function useSaveOrderLines(orderId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: OrderLinesInput) => apiRequest<OrderLines>(`/orders/${orderId}/lines`, { method: 'PUT', body: input }),
    // The editor shows refused rows in place; it raises a toast for anything else.
    meta: { isSilent: true },
    onSuccess: (saved) => {
      queryClient.setQueryData(linesKey(orderId), saved);
      return refreshAfterOrderChange(queryClient);
    },
  });
}

export function useOrderReturns(orderId: string) {
  return useQuery({
    queryKey: returnsKey(orderId),
    queryFn: () => apiRequest<{ data: OrderReturn[] }>(`/orders/${orderId}/returns`).then((body) => body.data),
  });
}

/** Records goods brought back: the lines' returned quantities, the order's status and the customer's revenue follow. */
export function useCreateOrderReturn(orderId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: OrderReturnInput) => apiRequest<OrderReturn>(`/orders/${orderId}/returns`, { method: 'POST', body: input }),
    meta: { isSilent: true },
    onSuccess: () => refreshAfterOrderChange(queryClient),
  });
}

export function usePersonPurchases(personId: string) {
  return useQuery({
    queryKey: purchasesKey(personId),
    queryFn: () => apiRequest<{ data: PurchaseTotals[] }>(`/people/${personId}/purchases`).then((body) => body.data),
  });
}

/** The filter of a customer's orders, as the list API and the orders page's URL take it. */
export const personOrdersFilter = (personId: string) => JSON.stringify({ field: 'person_id', op: 'eq', value: personId });

/** A customer's latest orders; under the orders list key, so any order change refreshes them. */
export function usePersonOrders(personId: string, limit: number) {
  const filter = personOrdersFilter(personId);
  return useQuery({
    queryKey: ['records', 'orders', 'list', 'person', { personId, limit }],
    queryFn: () => apiRequest<Page<RecordData>>('/orders', { query: { filter, sort: '-placed_at', limit } }),
  });
}
