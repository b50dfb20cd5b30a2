import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiRequest } from '../../api/http.client.ts';
import { notifyPipelineError } from './pipeline-errors.ts';
import type { Pipeline, PipelineInput } from './deals.types.ts';

const PIPELINES_KEY = ['pipelines'] as const;

/** The workspace's pipelines with their stages, the default first. */
export function usePipelines() {
  return useQuery({
    queryKey: PIPELINES_KEY,
    queryFn: () => apiRequest<{ data: Pipeline[] }>('/pipelines').then((body) => body.data),
  });
}

/**
 * A write to the pipelines. Boards and forecasts follow their stages, and record types list every
 * stage as an option of the deal's stage field, so those are refreshed too.
 */
function usePipelineMutation<TInput, TResult>(mutationFn: (input: TInput) => Promise<TResult>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn,
    // The module names its own refusals (a stage or pipeline still in use) in the reader's language.
    meta: { isSilent: true },
    onError: notifyPipelineError,
    onSuccess: () => Promise.all([
      queryClient.invalidateQueries({ queryKey: PIPELINES_KEY }),
      queryClient.invalidateQueries({ queryKey: ['deals'] }),
      queryClient.invalidateQueries({ queryKey: ['object-types'] }),
    ]),
  });
}

export const useCreatePipeline = () =>
  usePipelineMutation((input: PipelineInput & { is_default: boolean }) =>
    apiRequest<Pipeline>('/pipelines', { method: 'POST', body: input }));

export const useUpdatePipeline = () =>
  usePipelineMutation(({ id, ...input }: Partial<PipelineInput> & { id: string; is_default?: true }) =>
    apiRequest<Pipeline>(`/pipelines/${id}`, { method: 'PATCH', body: input }));

export const useDeletePipeline = () =>
  usePipelineMutation((id: string) => apiRequest<void>(`/pipelines/${id}`, { method: 'DELETE' }));
