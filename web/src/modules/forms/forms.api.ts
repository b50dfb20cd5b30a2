import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiRequest, isApiError } from '../../api/http.client.ts';
import { describeError } from '../../api/problem-message.ts';
import { notifyError } from '../../api/query.client.ts';
import { i18n } from '../../i18n/i18n.setup.ts';
import type { WebForm, WebFormInput, WebFormListItem } from './forms.types.ts';

const FORMS_KEY = ['settings', 'web-forms'] as const;

export function useWebForms() {
  return useQuery({
    queryKey: FORMS_KEY,
    queryFn: () => apiRequest<{ data: WebFormListItem[] }>('/forms').then((body) => body.data),
  });
}

export function useWebForm(id: string | undefined) {
  return useQuery({
    queryKey: [...FORMS_KEY, id],
    queryFn: () => apiRequest<WebForm>(`/forms/${id}`),
    enabled: id !== undefined,
  });
}

const FORM_PROBLEMS = ['FORM_NOT_FOUND', 'FORM_NAME_TAKEN'] as const;

/** The module's own refusals in the reader's language; the rest as the app describes them. */
export function describeFormError(error: unknown): { title: string; detail?: string } {
  const code = isApiError(error) ? error.problem.code : undefined;
  if (code && (FORM_PROBLEMS as readonly string[]).includes(code)) return { title: i18n.t(`webForms.problems.${code as (typeof FORM_PROBLEMS)[number]}`) };
  return describeError(error);
}

function useFormMutation<TInput, TResult>(mutationFn: (input: TInput) => Promise<TResult>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn,
    meta: { isSilent: true },
    onError: (error) => notifyError(error, describeFormError),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: FORMS_KEY }),
  });
}

export const useCreateWebForm = () => useFormMutation((input: WebFormInput) => apiRequest<WebForm>('/forms', { method: 'POST', body: input }));

export const useUpdateWebForm = () =>
  useFormMutation(({ id, ...input }: WebFormInput & { id: string }) => apiRequest<WebForm>(`/forms/${id}`, { method: 'PATCH', body: input }));

export const useDeleteWebForm = () => useFormMutation((id: string) => apiRequest<void>(`/forms/${id}`, { method: 'DELETE' }));
