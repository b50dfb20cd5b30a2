import { useQuery } from '@tanstack/react-query';
import { apiRequest } from '../../api/http.client.ts';
import type { DirectoryMember } from './records.types.ts';

/** The member settings refresh it when someone joins, leaves or is disabled. */
export const MEMBER_DIRECTORY_KEY = ['member-directory'] as const;

// Names change rarely, and every owner cell and picker asks for them.
const DIRECTORY_STALE_MS = 5 * 60_000;

/** The workspace's active members by name, which every member may read (unlike the member settings). */
export function useMemberDirectory() {
  return useQuery({
    queryKey: MEMBER_DIRECTORY_KEY,
    queryFn: () => apiRequest<{ data: DirectoryMember[] }>('/members/directory').then((body) => body.data),
    staleTime: DIRECTORY_STALE_MS,
  });
}
