import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiRequest, buildUrl } from '../../api/http.client.ts';
import { useRecordLinks, useReplaceRecordLinks } from '../records/index.ts';
import type { Page } from '../records/records.types.ts';
import type { ActivityStatus, Participant, ParticipantInput, Subtask, SubtaskInput } from './activities-parts.types.ts';

/** A checklist, not a backlog: one page holds every subtask of a task. */
const SUBTASKS_LIMIT = 100;

// Under the activities' own record keys: a change to an activity refreshes these too.
const participantsKey = (activityId: string) => ['records', 'activities', 'one', activityId, 'participants'] as const;
const subtasksKey = (taskId: string) => ['records', 'activities', 'list', 'subtasks', taskId] as const;

export function useParticipants(activityId: string) {
  return useRecordLinks<Participant>(`/activities/${activityId}/participants`, participantsKey(activityId));
}

/** Replaces a meeting's participants; each person among them, before and after, gets it on their timeline. */
export function useSaveParticipants(activityId: string) {
  return useReplaceRecordLinks<Participant, ParticipantInput>({
    path: `/activities/${activityId}/participants`,
    field: 'participants',
    queryKey: participantsKey(activityId),
    refreshes: () => [['records', 'activities', 'one', activityId, 'audit'], ['timeline']],
  });
}

/** A plain link: the browser downloads the meeting's calendar file with the session cookie. */
export const meetingIcsUrl = (activityId: string) => buildUrl(`/activities/${activityId}/ics`);

/** A task's subtasks, oldest first, as a checklist reads. */
export function useSubtasks(taskId: string) {
  return useQuery({
    queryKey: subtasksKey(taskId),
    queryFn: () => apiRequest<Page<Subtask>>('/activities', {
      query: { filter: JSON.stringify({ field: 'parent_id', op: 'eq', value: taskId }), sort: 'created_at', limit: SUBTASKS_LIMIT },
    }),
  });
}

export function useCreateSubtask(taskId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: SubtaskInput) =>
      apiRequest<Subtask>('/activities', { method: 'POST', body: { kind: 'task', parent_id: taskId, ...input } }),
    // The form shows a refused subject next to its input.
    meta: { isSilent: true },
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['records', 'activities', 'list'] }),
  });
}

/** Ticks a subtask off (done) or back (planned). */
export function useSetActivityStatus() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, status }: { id: string; status: ActivityStatus }) =>
      apiRequest<Subtask>(`/activities/${id}`, { method: 'PATCH', body: { status } }),
    onSuccess: (_saved, { id }) => Promise.all([
      queryClient.invalidateQueries({ queryKey: ['records', 'activities', 'list'] }),
      queryClient.invalidateQueries({ queryKey: ['records', 'activities', 'one', id] }),
      queryClient.invalidateQueries({ queryKey: ['timeline'] }),
    ]),
  });
}
