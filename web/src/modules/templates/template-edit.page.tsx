import { useState, type FormEvent } from 'react';
import { Accordion, Alert, Anchor, Button, Card, Center, Code, Grid, Loader, SegmentedControl, Select, Stack, Table, Text, Textarea, TextInput } from '@mantine/core';
import { IconArrowLeft, IconTrash } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { isApiError } from '../../api/http.client.ts';
import { notifySuccess } from '../../api/query.client.ts';
import { ConfirmDialog } from '../../shell/confirm-dialog.component.tsx';
import { NotFoundPage } from '../../shell/not-found.page.tsx';
import { PageHeader } from '../../shell/page-header.component.tsx';
import { useSession } from '../auth/auth.api.ts';
import { canEditTemplates } from './template-permissions.ts';
import { TemplatePreview } from './template-preview.component.tsx';
import { describeTemplateError, useCreateTemplate, useDeleteTemplate, useTemplate, useUpdateTemplate } from './templates.api.ts';
import {
  TEMPLATE_CHANNELS, TEMPLATE_LOCALES, TEMPLATE_PURPOSES, type MessageTemplate, type TemplateChannel, type TemplateInput, type TemplateLocale, type TemplatePurpose,
} from './templates.types.ts';

const EMAIL_SKELETON = `<mjml>
  <mj-body>
    <mj-section>
      <mj-column>
        <mj-text>{{ person.first_name | default: "Здравствуйте" }}!</mj-text>
      </mj-column>
    </mj-section>
  </mj-body>
</mjml>`;

const emptyDraft = (): TemplateInput => ({ name: '', channel: 'email', purpose: 'marketing', locale: 'ru', subject: '', body: EMAIL_SKELETON });

const inputOf = ({ name, channel, purpose, locale, subject, body }: MessageTemplate): TemplateInput => ({ name, channel, purpose, locale, subject, body });

/** Liquid examples of the cheat sheet: code, the same in every language. */
const FILTER_EXAMPLES = {
  default: '{{ person.first_name | default: "друг" }}',
  money: '{{ order.total | money }}',
  date: '{{ order.placed_at | date: "long" }}',
  plural: '{{ n | plural: "товар", "товара", "товаров" }}',
  typograph: '{{ "Текст - с "кавычками"" | typograph }}',
} as const;
const VARIABLES = ['person', 'company', 'order', 'cart', 'workspace', 'recommendations'] as const;

function CheatSheet() {
  const { t } = useTranslation();
  return (
    <Accordion variant="contained">
      <Accordion.Item value="cheat-sheet">
        <Accordion.Control>{t('templates.cheatSheet.title')}</Accordion.Control>
        <Accordion.Panel>
          <Stack gap="sm">
            <Text size="sm" fw={500}>{t('templates.cheatSheet.variables')}</Text>
            {VARIABLES.map((name) => <Text key={name} size="xs" ff="monospace">{t(`templates.cheatSheet.items.${name}`)}</Text>)}
            <Text size="sm" fw={500}>{t('templates.cheatSheet.filters')}</Text>
            <Table withRowBorders={false} verticalSpacing={4}>
              <Table.Tbody>
                {(Object.keys(FILTER_EXAMPLES) as (keyof typeof FILTER_EXAMPLES)[]).map((filter) => (
                  <Table.Tr key={filter}>
                    <Table.Td><Code>{FILTER_EXAMPLES[filter]}</Code></Table.Td>
                    <Table.Td><Text size="xs">{t(`templates.cheatSheet.filterItems.${filter}`)}</Text></Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Stack>
        </Accordion.Panel>
      </Accordion.Item>
    </Accordion>
  );
}

function TemplateEditor({ template }: { template?: MessageTemplate }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const canEdit = canEditTemplates(useSession());
  const create = useCreateTemplate();
  const update = useUpdateTemplate();
  const remove = useDeleteTemplate();
  const [draft, setDraft] = useState<TemplateInput>(() => (template ? inputOf(template) : emptyDraft()));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [isDeleting, setDeleting] = useState(false);
  const set = <K extends keyof TemplateInput>(key: K, value: TemplateInput[K]) => {
    setDraft((current) => ({ ...current, [key]: value }));
    setErrors((current) => Object.fromEntries(Object.entries(current).filter(([field]) => field !== key)));
  };
  const onChannel = (channel: TemplateChannel) => {
    // A text channel has no subject and no MJML: an untouched email skeleton is cleared.
    setDraft((current) => ({
      ...current, channel, subject: channel === 'email' ? current.subject ?? '' : null,
      body: channel !== 'email' && current.body === EMAIL_SKELETON ? '' : channel === 'email' && current.body === '' ? EMAIL_SKELETON : current.body,
    }));
    setErrors({});
  };

  const onError = (error: unknown) => {
    if (!isApiError(error)) return;
    const found = error.fieldErrors();
    const { title, detail } = describeTemplateError(error);
    if (error.problem.field && error.problem.code !== 'VALIDATION_FAILED') found[error.problem.field] = detail ? `${title}: ${detail}` : title;
    setErrors(Object.keys(found).length > 0 ? found : { form: detail ?? title });
  };

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    if (!draft.name.trim()) return setErrors({ name: t('form.required') });
    if (draft.channel === 'email' && !draft.subject?.trim()) return setErrors({ subject: t('form.required') });
    const input: TemplateInput = { ...draft, subject: draft.channel === 'email' ? draft.subject : null };
    setErrors({});
    if (template) {
      update.mutate({ id: template.id, ...input }, { onSuccess: () => notifySuccess(t('templates.saved', { name: input.name })), onError });
    } else {
      create.mutate(input, {
        onSuccess: (created) => {
          notifySuccess(t('templates.created', { name: input.name }));
          navigate(`/marketing/templates/${created.id}`, { replace: true });
        },
        onError,
      });
    }
  };

  const onDelete = () => {
    if (!template) return;
    remove.mutate(template.id, {
      onSuccess: () => {
        notifySuccess(t('templates.deleted', { name: template.name }));
        navigate('/marketing/templates');
      },
      onSettled: () => setDeleting(false),
    });
  };

  return (
    <form onSubmit={onSubmit} noValidate>
      <Anchor component={Link} to="/marketing/templates" size="sm" mb="xs" display="inline-flex" style={{ alignItems: 'center', gap: 4 }}>
        <IconArrowLeft size={14} /> {t('templates.title')}
      </Anchor>
      <PageHeader
        title={template ? template.name : t('templates.addTitle')}
        actions={canEdit && (
          <>
            {template && <Button variant="default" color="red" leftSection={<IconTrash size={16} />} onClick={() => setDeleting(true)}>{t('common.delete')}</Button>}
            <Button type="submit" loading={create.isPending || update.isPending}>{template ? t('common.save') : t('templates.add')}</Button>
          </>
        )}
      />
      {!canEdit && <Alert color="gray" mb="md">{t('templates.readOnly')}</Alert>}
      {errors.form && <Alert color="red" mb="md">{errors.form}</Alert>}
      <Grid gap="lg">
        <Grid.Col span={{ base: 12, lg: 6 }}>
          <Stack gap="lg">
            <Card withBorder radius="md">
              <Stack>
                <TextInput label={t('templates.name')} required maxLength={200} value={draft.name} error={errors.name} readOnly={!canEdit}
                  onChange={(event) => set('name', event.currentTarget.value)} data-autofocus />
                <div>
                  <Text size="sm" fw={500} mb={4}>{t('templates.channel')}</Text>
                  <SegmentedControl aria-label={t('templates.channel')} value={draft.channel} readOnly={!canEdit}
                    onChange={(channel) => onChannel(channel as TemplateChannel)}
                    data={TEMPLATE_CHANNELS.map((channel) => ({ value: channel, label: t(`templates.channels.${channel}`) }))} />
                </div>
                <Grid>
                  <Grid.Col span={6}>
                    <Select label={t('templates.purpose')} value={draft.purpose} allowDeselect={false} readOnly={!canEdit} error={errors.purpose}
                      onChange={(purpose) => purpose && set('purpose', purpose as TemplatePurpose)}
                      data={TEMPLATE_PURPOSES.map((purpose) => ({ value: purpose, label: t(`templates.purposes.${purpose}`) }))} />
                  </Grid.Col>
                  <Grid.Col span={6}>
                    <Select label={t('templates.locale')} value={draft.locale} allowDeselect={false} readOnly={!canEdit} error={errors.locale}
                      onChange={(locale) => locale && set('locale', locale as TemplateLocale)}
                      data={TEMPLATE_LOCALES.map((locale) => ({ value: locale, label: t(`templates.locales.${locale}`) }))} />
                  </Grid.Col>
                </Grid>
                {draft.channel === 'email' && (
                  <TextInput label={t('templates.subject')} description={t('templates.subjectHint')} required maxLength={1000} readOnly={!canEdit}
                    value={draft.subject ?? ''} error={errors.subject} onChange={(event) => set('subject', event.currentTarget.value)}
                    styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }} />
                )}
                <Textarea label={t('templates.body')} description={t(`templates.bodyHints.${draft.channel}`)} required autosize minRows={14} maxRows={40}
                  readOnly={!canEdit} value={draft.body} error={errors.body} spellCheck={false}
                  onChange={(event) => set('body', event.currentTarget.value)}
                  styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)', fontSize: 13 } }} />
              </Stack>
            </Card>
            <CheatSheet />
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, lg: 6 }}>
          <TemplatePreview draft={draft} savedId={template?.id ?? null} canTestSend={canEdit} />
        </Grid.Col>
      </Grid>
      <ConfirmDialog
        opened={isDeleting}
        title={t('templates.deleteTitle')}
        message={t('templates.deleteText', { name: template?.name ?? '' })}
        confirmLabel={t('common.delete')}
        isPending={remove.isPending}
        onConfirm={onDelete}
        onClose={() => setDeleting(false)}
      />
    </form>
  );
}

/** A new template (/marketing/templates/new) or a saved one (/marketing/templates/:id). */
export function TemplateEditPage() {
  const { id } = useParams();
  const template = useTemplate(id);
  if (id === undefined) return <TemplateEditor />;
  if (template.isPending) return <Center py="xl"><Loader /></Center>;
  if (!template.data) return <NotFoundPage />;
  return <TemplateEditor key={template.data.id} template={template.data} />;
}
