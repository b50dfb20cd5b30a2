import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiRequest } from '../../api/http.client.ts';
import type { Campaign, CampaignAction, CampaignInput, CampaignReport } from './campaigns.types.ts';

const KEY = ['marketing', 'campaigns'] as const;
// While a campaign sends, its progress is fetched again every few seconds.
const isActive = (campaign: Campaign | undefined) => campaign?.status === 'sending';

export function useCampaigns() {
  return useQuery({
    queryKey: KEY,
    queryFn: () => apiRequest<{ data: Campaign[] }>('/campaigns').then((body) => body.data),
    refetchInterval: (query) => (query.state.data?.some(isActive) ? 2000 : false),
  });
}

export function useCampaign(id: string | undefined) {
  return useQuery({
    queryKey: [...KEY, id],
    queryFn: () => apiRequest<Campaign>(`/campaigns/${id}`),
    enabled: id !== undefined,
    refetchInterval: (query) => (isActive(query.state.data) ? 2000 : false),
  });
}

export function useCampaignReport(campaign: Campaign | undefined) {
  return useQuery({
    queryKey: [...KEY, campaign?.id, 'report', campaign?.progress.queued, campaign?.status],
    queryFn: () => apiRequest<CampaignReport>(`/campaigns/${campaign!.id}/report`),
    enabled: campaign !== undefined && campaign.status !== 'draft',
  });
}

export function useAudiencePreview(segmentId: string | null, holdoutShare: number) {
  return useQuery({
    queryKey: [...KEY, 'audience', segmentId, holdoutShare],
    queryFn: () => apiRequest<{ audience_size: number; holdout_estimate: number; recipients_estimate: number }>('/campaigns/audience-preview', {
      method: 'POST', body: { segment_id: segmentId, holdout_share: holdoutShare },
    }),
    enabled: !!segmentId,
    meta: { isSilent: true },
  });
}

export function useSaveCampaign(id: string | undefined) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: CampaignInput) => (id
      ? apiRequest<Campaign>(`/campaigns/${id}`, { method: 'PATCH', body: input })
      : apiRequest<Campaign>('/campaigns', { method: 'POST', body: input })),
    // The editor shows refusals at the fields they name.
    meta: { isSilent: true },
    onSuccess: () => queryClient.invalidateQueries({ queryKey: KEY }),
  });
}

export function useCampaignAction() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, action }: { id: string; action: CampaignAction }) => apiRequest<Campaign>(`/campaigns/${id}/${action}`, { method: 'POST' }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: KEY }),
  });
}

export function useScheduleCampaign() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, scheduledAt }: { id: string; scheduledAt: string }) =>
      apiRequest<Campaign>(`/campaigns/${id}/schedule`, { method: 'POST', body: { scheduled_at: scheduledAt } }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: KEY }),
  });
}
