import { useMutation, useQuery, useQueryClient, type Query } from '@tanstack/react-query';
import { apiRequest, isApiError, setCsrfToken } from '../../api/http.client.ts';
import { ME_QUERY_KEY } from '../../api/query.client.ts';
import type { Locale } from '../../i18n/i18n.setup.ts';
import type { Me } from './auth.types.ts';

function remember(me: Me): Me {
  setCsrfToken(me.csrf_token);
  return me;
}

const isWorkspaceData = (query: Query) => query.queryKey[0] !== ME_QUERY_KEY[0];

async function fetchMe(): Promise<Me | null> {
  try {
    return remember(await apiRequest<Me>('/auth/me'));
  } catch (error) {
    if (isApiError(error) && error.status === 401) return null;
    throw error;
  }
}

/** The session: the signed-in user, or null when there is none. */
export function useMe() {
  return useQuery({ queryKey: ME_QUERY_KEY, queryFn: fetchMe, staleTime: Infinity, retry: false });
}

/** For components inside the signed-in shell, where the session is known to exist. */
export function useSession(): Me {
  const { data } = useMe();
  if (!data) throw new Error('useSession() is used outside a signed-in page');
  return data;
}

export function useLogin() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: { email: string; password: string }) => apiRequest<Me>('/auth/login', { method: 'POST', body: input }),
    meta: { isSilent: true },
    onSuccess: (me) => {
      queryClient.setQueryData(ME_QUERY_KEY, remember(me));
      queryClient.removeQueries({ predicate: isWorkspaceData });
    },
  });
}

export function useLogout() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => apiRequest<void>('/auth/logout', { method: 'POST' }),
    onSettled: () => {
      setCsrfToken(null);
      queryClient.setQueryData(ME_QUERY_KEY, null);
      queryClient.removeQueries({ predicate: isWorkspaceData });
    },
  });
}

export function useSwitchWorkspace() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (slug: string) => apiRequest<Me>('/auth/workspace', { method: 'POST', body: { slug } }),
    onSuccess: (me) => {
      queryClient.setQueryData(ME_QUERY_KEY, remember(me));
      // Every cached list belongs to the old workspace.
      void queryClient.resetQueries({ predicate: isWorkspaceData });
    },
  });
}

export function useUpdateProfile() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: { locale?: Locale; name?: string }) => apiRequest<Me>('/auth/me', { method: 'PATCH', body: input }),
    onSuccess: (me) => queryClient.setQueryData(ME_QUERY_KEY, remember(me)),
  });
}
