import { useEffect } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiRequest, buildUrl } from '../../api/http.client.ts';
import type { ExportJob, ExportStatus, StartExportInput } from './exports.types.ts';

const MINE_KEY = ['exports', 'mine'] as const;
const oneKey = (id: string) => ['exports', 'one', id] as const;

const POLL_MS = 1000;
const MINE_POLL_MS = 3000;
const MINE_LIMIT = 50;

export const isExportActive = (status: ExportStatus) => status === 'queued' || status === 'running';

/** Whether the file can still be downloaded: finished, and its day not over. */
export const isExportReady = (job: ExportJob, now = Date.now()) => job.status === 'completed' && Date.parse(job.expires_at) > now;

/** The status to show: a finished file past its day is expired before the hourly sweep says so. */
export const exportStatus = (job: ExportJob): ExportStatus =>
  job.status === 'completed' && !isExportReady(job) ? 'expired' : job.status;

/** The reader's own exports, newest first, refreshed while any of them runs. */
export function useMyExports() {
  return useQuery({
    queryKey: MINE_KEY,
    queryFn: () => apiRequest<{ data: ExportJob[] }>('/exports', { query: { limit: MINE_LIMIT } }).then((body) => body.data),
    refetchInterval: (query) => (query.state.data?.some((job) => isExportActive(job.status)) ? MINE_POLL_MS : false),
  });
}

/** An export, asked for every second while it is queued or running. */
export function useExport(id: string) {
  const queryClient = useQueryClient();
  const query = useQuery({
    queryKey: oneKey(id),
    queryFn: () => apiRequest<ExportJob>(`/exports/${id}`),
    refetchInterval: (current) => (current.state.data && !isExportActive(current.state.data.status) ? false : POLL_MS),
  });
  const isFinished = query.data !== undefined && !isExportActive(query.data.status);
  useEffect(() => {
    if (isFinished) void queryClient.invalidateQueries({ queryKey: MINE_KEY });
  }, [isFinished, queryClient]);
  return query;
}

export function useStartExport() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: StartExportInput) => apiRequest<ExportJob>('/exports', { method: 'POST', body: input }),
    onSuccess: (job) => {
      queryClient.setQueryData(oneKey(job.id), job);
      return queryClient.invalidateQueries({ queryKey: MINE_KEY });
    },
  });
}

export function useCancelExport() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => apiRequest<ExportJob>(`/exports/${id}/cancel`, { method: 'POST' }),
    onSuccess: (job) => {
      queryClient.setQueryData(oneKey(job.id), job);
      return queryClient.invalidateQueries({ queryKey: MINE_KEY });
    },
  });
}

/** A plain link: the browser downloads the file with the session cookie. */
export const exportDownloadUrl = (id: string) => buildUrl(`/exports/${id}/download`);
