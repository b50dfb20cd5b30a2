import { MutationCache, QueryCache, QueryClient } from '@tanstack/react-query';
import { notifications } from '@mantine/notifications';
import { isApiError, setUnauthorizedHandler } from './http.client.ts';
import { describeError } from './problem-message.ts';

declare module '@tanstack/react-query' {
  interface Register {
    // `isSilent` marks calls whose errors the caller shows itself (e.g. the login form).
    queryMeta: { isSilent?: boolean };
    mutationMeta: { isSilent?: boolean };
  }
}

export const ME_QUERY_KEY = ['auth', 'me'] as const;

/** `describe` lets a module name its own error codes in the reader's language. */
export function notifyError(error: unknown, describe: typeof describeError = describeError): void {
  // A 401 sends the user to the login page; a toast on top of that is noise.
  if (isApiError(error) && error.status === 401) return;
  const { title, detail } = describe(error);
  // Mantine needs a message; the title alone then becomes it.
  notifications.show({ color: 'red', title: detail ? title : undefined, message: detail ?? title });
}

export function notifySuccess(message: string): void {
  notifications.show({ color: 'teal', message });
}

export const queryClient = new QueryClient({
  queryCache: new QueryCache({
    onError: (error, query) => {
      if (!query.meta?.isSilent) notifyError(error);
    },
  }),
  mutationCache: new MutationCache({
    onError: (error, _variables, _context, mutation) => {
      if (!mutation.meta?.isSilent) notifyError(error);
    },
  }),
  defaultOptions: {
    queries: {
      staleTime: 30_000,
      refetchOnWindowFocus: false,
      retry: (count, error) => !(isApiError(error) && error.status >= 400 && error.status < 500) && count < 2,
    },
  },
});

setUnauthorizedHandler(() => {
  queryClient.setQueryData(ME_QUERY_KEY, null);
});
