import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiRequest } from '../../api/http.client.ts';
import { describeError } from '../../api/problem-message.ts';
import { i18n } from '../../i18n/i18n.setup.ts';
import type { BoardDeal, DealBoard, ForecastMonth, MoneyTotal } from './deals.types.ts';

const BOARD_KEY = ['deals', 'board'] as const;
const MOVE_KEY = ['deals', 'move'] as const;

/** Waits for the pipeline to be known: the board shows one pipeline's stages. */
export function useDealBoard(pipelineId: string | undefined, ownerId: string | undefined) {
  return useQuery({
    queryKey: [...BOARD_KEY, pipelineId, ownerId ?? 'all'],
    queryFn: () => apiRequest<DealBoard>('/deals/board', { query: { pipeline_id: pipelineId, owner_id: ownerId } }),
    enabled: pipelineId !== undefined,
  });
}

export function useDealForecast(pipelineId: string | undefined) {
  return useQuery({
    queryKey: ['deals', 'forecast', pipelineId],
    queryFn: () => apiRequest<{ months: ForecastMonth[] }>('/deals/forecast', { query: { pipeline_id: pipelineId } }).then((body) => body.months),
    enabled: pipelineId !== undefined,
  });
}

/** Adds `delta` to one currency's total; the optimistic guess only lives until the board refetches. */
function addToTotals(totals: MoneyTotal[], currency: string, delta: number): MoneyTotal[] {
  const existing = totals.find((total) => total.currency === currency);
  const next = existing
    ? totals.map((total) => (total === existing ? { currency, amount: (Number(total.amount) + delta).toFixed(2) } : total))
    : [...totals, { currency, amount: delta.toFixed(2) }];
  return next.filter((total) => Number(total.amount) !== 0);
}

function moveOnBoard(board: DealBoard, dealId: string, to: string): DealBoard {
  const deal = board.stages.flatMap((stage) => stage.deals).find((candidate) => candidate.id === dealId);
  if (!deal) return board;
  const amount = deal.amount ? Number(deal.amount) : 0;
  const moved: BoardDeal = { ...deal, stage_changed_at: new Date().toISOString(), is_rotting: false };
  return {
    ...board,
    stages: board.stages.map((stage) => {
      if (stage.key === to) {
        return {
          ...stage,
          count: stage.count + 1,
          totals: amount ? addToTotals(stage.totals, deal.currency, amount) : stage.totals,
          deals: [moved, ...stage.deals],
        };
      }
      if (!stage.deals.some((candidate) => candidate.id === dealId)) return stage;
      return {
        ...stage,
        count: stage.count - 1,
        totals: amount ? addToTotals(stage.totals, deal.currency, -amount) : stage.totals,
        deals: stage.deals.filter((candidate) => candidate.id !== dealId),
      };
    }),
  };
}

/** Moves the card at once, and puts it back with a word why if the server refuses. */
export function useMoveDeal() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationKey: MOVE_KEY,
    mutationFn: ({ deal, to, closeReason }: { deal: BoardDeal; to: string; closeReason?: string }) =>
      apiRequest<unknown>(`/deals/${deal.id}`, { method: 'PATCH', body: { stage: to, ...(closeReason ? { close_reason: closeReason } : {}) } }),
    // The toast below names the deal; the generic one would only repeat the server's words.
    meta: { isSilent: true },
    onMutate: async ({ deal, to }) => {
      // A board response already on its way would overwrite the optimistic move.
      await queryClient.cancelQueries({ queryKey: BOARD_KEY });
      const snapshots = queryClient.getQueriesData<DealBoard>({ queryKey: BOARD_KEY });
      queryClient.setQueriesData<DealBoard>({ queryKey: BOARD_KEY }, (board) => board && moveOnBoard(board, deal.id, to));
      return { snapshots };
    },
    onError: (error, { deal }, context) => {
      for (const [key, board] of context?.snapshots ?? []) queryClient.setQueryData(key, board);
      const { title, detail } = describeError(error);
      notifications.show({ color: 'red', title: i18n.t('deals.moveFailed', { title: deal.title }), message: detail ? `${title}: ${detail}` : title });
    },
    onSettled: () => {
      // While another move is in flight, a refetch would show its card in the old column for a moment.
      if (queryClient.isMutating({ mutationKey: MOVE_KEY }) > 1) return;
      return Promise.all([
        queryClient.invalidateQueries({ queryKey: ['deals'] }),
        queryClient.invalidateQueries({ queryKey: ['records', 'deals'] }),
      ]);
    },
  });
}
