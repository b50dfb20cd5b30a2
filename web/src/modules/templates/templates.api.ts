import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiRequest, isApiError } from '../../api/http.client.ts';
import { describeError } from '../../api/problem-message.ts';
import { notifyError } from '../../api/query.client.ts';
import { i18n } from '../../i18n/i18n.setup.ts';
import type { MessageTemplate, RenderedMessage, TemplateInput } from './templates.types.ts';

const TEMPLATES_KEY = ['marketing', 'templates'] as const;

export function useTemplates() {
  return useQuery({
    queryKey: TEMPLATES_KEY,
    queryFn: () => apiRequest<{ data: MessageTemplate[] }>('/templates').then((body) => body.data),
  });
}

export function useTemplate(id: string | undefined) {
  return useQuery({
    queryKey: [...TEMPLATES_KEY, id],
    queryFn: () => apiRequest<MessageTemplate>(`/templates/${id}`),
    enabled: id !== undefined,
  });
}

const TEMPLATE_PROBLEMS = ['TEMPLATE_INVALID', 'TEMPLATE_NAME_TAKEN', 'TEMPLATE_NO_RECIPIENT'] as const;

/** The module's own refusals in the reader's language, with the server's detail (the line and what is wrong). */
export function describeTemplateError(error: unknown): { title: string; detail?: string } {
  const code = isApiError(error) ? error.problem.code : undefined;
  if (code && (TEMPLATE_PROBLEMS as readonly string[]).includes(code)) {
    return { title: i18n.t(`templates.problems.${code as (typeof TEMPLATE_PROBLEMS)[number]}`), detail: isApiError(error) ? error.problem.detail : undefined };
  }
  return describeError(error);
}

function useTemplateMutation<TInput, TResult>(mutationFn: (input: TInput) => Promise<TResult>, options: { isNotified: boolean }) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn,
    meta: { isSilent: true },
    onError: (error) => {
      if (options.isNotified) notifyError(error, describeTemplateError);
    },
    onSuccess: () => queryClient.invalidateQueries({ queryKey: TEMPLATES_KEY }),
  });
}

// Saving shows its refusals at the fields; the rest of the app's notifications would repeat them.
export const useCreateTemplate = () =>
  useTemplateMutation((input: TemplateInput) => apiRequest<MessageTemplate>('/templates', { method: 'POST', body: input }), { isNotified: false });

export const useUpdateTemplate = () =>
  useTemplateMutation(({ id, ...input }: TemplateInput & { id: string }) => apiRequest<MessageTemplate>(`/templates/${id}`, { method: 'PATCH', body: input }), { isNotified: false });

export const useDeleteTemplate = () => useTemplateMutation((id: string) => apiRequest<void>(`/templates/${id}`, { method: 'DELETE' }), { isNotified: true });

/** Renders what the editor holds (saved or not) as a person, or as the sample person. */
export function previewDraft(template: Pick<TemplateInput, 'channel' | 'locale' | 'subject' | 'body'>, personId: string | null) {
  return apiRequest<RenderedMessage>('/templates/preview', {
    method: 'POST', body: { person_id: personId, template: { channel: template.channel, locale: template.locale, subject: template.subject, body: template.body } },
  });
}

export function useTestSend() {
  return useMutation({
    mutationFn: ({ id, personId }: { id: string; personId: string | null }) =>
      apiRequest<{ to: string; message_id: string }>(`/templates/${id}/test-send`, { method: 'POST', body: { person_id: personId } }),
    meta: { isSilent: true },
    onError: (error) => notifyError(error, describeTemplateError),
  });
}
