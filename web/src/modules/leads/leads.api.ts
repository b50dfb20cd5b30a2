import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiRequest } from '../../api/http.client.ts';
import type { ConvertedLead, ConvertLeadInput, LeadAgentInput, LeadRouting, LeadSettings, RoutingRuleInput } from './leads.types.ts';

const ROUTING_KEY = ['lead-routing'] as const;

/** Conversion creates people, companies and deals, and moves the lead's history onto them. */
const CONVERSION_TOUCHES = [['records'], ['deals'], ['timeline'], ['my-day']];

export function useConvertLead(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: ConvertLeadInput) => apiRequest<ConvertedLead>(`/leads/${id}/convert`, { method: 'POST', body: input }),
    // The modal shows the refusal next to the choices that caused it.
    meta: { isSilent: true },
    onSuccess: () => Promise.all(CONVERSION_TOUCHES.map((queryKey) => queryClient.invalidateQueries({ queryKey }))),
  });
}

export function useLeadRouting() {
  return useQuery({ queryKey: ROUTING_KEY, queryFn: () => apiRequest<LeadRouting>('/lead-routing') });
}

/** Every routing write answers with the whole configuration, which replaces the cached one. */
function useRoutingMutation<TInput>(request: (input: TInput) => Promise<LeadRouting>, options: { isSilent?: boolean } = {}) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: request,
    meta: { isSilent: options.isSilent },
    onSuccess: (routing) => queryClient.setQueryData(ROUTING_KEY, routing),
  });
}

export const useSaveLeadSettings = () =>
  useRoutingMutation((input: Partial<LeadSettings>) => apiRequest<LeadRouting>('/lead-routing/settings', { method: 'PUT', body: input }));

/** Replaces every rule: the order given is the order they are tried in. */
export const useSaveRoutingRules = () =>
  useRoutingMutation((rules: RoutingRuleInput[]) => apiRequest<LeadRouting>('/lead-routing/rules', { method: 'PUT', body: { rules } }));

export const useSaveLeadAgent = () =>
  useRoutingMutation(({ userId, ...input }: LeadAgentInput & { userId: string }) =>
    apiRequest<LeadRouting>(`/lead-routing/agents/${userId}`, { method: 'PUT', body: input }));

export const useRemoveLeadAgent = () =>
  useRoutingMutation((userId: string) => apiRequest<LeadRouting>(`/lead-routing/agents/${userId}`, { method: 'DELETE' }));
