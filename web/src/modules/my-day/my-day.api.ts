import { useQuery } from '@tanstack/react-query';
import { apiRequest } from '../../api/http.client.ts';

export interface MyDay {
  activities: { id: string; kind: string; subject: string; due_at: string; is_overdue: boolean; person_id: string | null; deal_id: string | null }[];
  /** My leads still awaiting a first contact, the most urgent first. */
  leads: { id: string; full_name: string; company_name: string | null; channel: string; first_response_due_at: string | null; is_sla_breached: boolean }[];
  rotting_deals: { id: string; title: string; pipeline_id: string; stage: string; stage_changed_at: string; days_in_stage: number }[];
}

export function useMyDay() {
  return useQuery({ queryKey: ['my-day'], queryFn: () => apiRequest<MyDay>('/my-day') });
}
