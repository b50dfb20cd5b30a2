import { useState, type FormEvent } from 'react';
import { Anchor, Badge, Button, Card, Center, Grid, Group, Loader, SegmentedControl, Stack, Switch, Text, TextInput, Title } from '@mantine/core';
import { IconArrowLeft, IconTrash } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { isApiError } from '../../api/http.client.ts';
import { notifySuccess } from '../../api/query.client.ts';
import { ConfirmDialog } from '../../shell/confirm-dialog.component.tsx';
import { NotFoundPage } from '../../shell/not-found.page.tsx';
import { PageHeader } from '../../shell/page-header.component.tsx';
import { checkForm, formDraft, formFieldErrors, type FieldDraft, type FormDraft } from './form-draft.ts';
import { FormConsentEditor } from './form-consent.component.tsx';
import { FormFieldsEditor } from './form-fields.component.tsx';
import { FormPublish } from './form-publish.component.tsx';
import { describeFormError, useCreateWebForm, useDeleteWebForm, useUpdateWebForm, useWebForm } from './forms.api.ts';
import type { FormTarget, WebForm } from './forms.types.ts';
import { LocalisedTextInput } from './localised-text.component.tsx';

const FORM_TARGETS: FormTarget[] = ['lead', 'request'];

function FormEditor({ form }: { form?: WebForm }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const create = useCreateWebForm();
  const update = useUpdateWebForm();
  const remove = useDeleteWebForm();
  const [draft, setDraft] = useState<FormDraft>(() => formDraft(form));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [isDeleting, setDeleting] = useState(false);
  const set = <K extends keyof FormDraft>(key: K, value: FormDraft[K]) => setDraft((current) => ({ ...current, [key]: value }));

  const onFields = (fields: FieldDraft[]) => {
    set('fields', fields);
    // Row errors are keyed by position, which a move or removal shifts.
    setErrors((current) => Object.fromEntries(Object.entries(current).filter(([field]) => !field.startsWith('fields'))));
  };

  const onError = (error: unknown) => {
    if (!isApiError(error)) return;
    const found = formFieldErrors(error.fieldErrors());
    if (error.problem.code === 'FORM_NAME_TAKEN') found.name = describeFormError(error).title;
    setErrors(found);
  };

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    const checked = checkForm(draft);
    if ('problems' in checked) {
      setErrors(Object.fromEntries(Object.entries(checked.problems).map(([field, problem]) =>
        [field, problem === 'required' ? t('form.required') : t(`webForms.problems.${problem}`)])));
      return;
    }
    setErrors({});
    const { input } = checked;
    if (form) {
      update.mutate({ id: form.id, ...input }, { onSuccess: () => notifySuccess(t('webForms.saved', { name: input.name })), onError });
    } else {
      create.mutate(input, {
        onSuccess: (created) => {
          notifySuccess(t('webForms.created', { name: input.name }));
          // Saved, the form has its page and snippet: the editor shows them.
          navigate(`/settings/web-forms/${created.id}`, { replace: true });
        },
        onError,
      });
    }
  };

  const onDelete = () => {
    if (!form) return;
    remove.mutate(form.id, {
      onSuccess: () => {
        notifySuccess(t('webForms.deleted', { name: form.name }));
        navigate('/settings/web-forms');
      },
      onSettled: () => setDeleting(false),
    });
  };

  const editor = (
    <Stack gap="lg">
      <Card withBorder radius="md">
        <Stack>
          <TextInput
            label={t('webForms.name')}
            description={t('webForms.nameHint')}
            required
            maxLength={200}
            value={draft.name}
            error={errors.name}
            onChange={(event) => set('name', event.currentTarget.value)}
            data-autofocus
          />
          <div>
            <Text size="sm" fw={500} mb={4}>{t('webForms.target')}</Text>
            <SegmentedControl
              aria-label={t('webForms.target')}
              value={draft.target}
              onChange={(target) => set('target', target as FormTarget)}
              data={FORM_TARGETS.map((target) => ({ value: target, label: t(`webForms.targetOptions.${target}`) }))}
            />
            <Text size="xs" c="dimmed" mt={4}>{t(`webForms.targetHints.${draft.target}`)}</Text>
            {errors.target && <Text size="xs" c="red">{errors.target}</Text>}
          </div>
          <Switch label={t('webForms.isActive')} description={t('webForms.isActiveHint')} checked={draft.is_active}
            onChange={(event) => set('is_active', event.currentTarget.checked)} />
        </Stack>
      </Card>
      <Card withBorder radius="md">
        <Stack>
          <Title order={4}>{t('webForms.texts')}</Title>
          <Text size="sm" c="dimmed">{t('webForms.textsHint')}</Text>
          <LocalisedTextInput label={t('webForms.formTitle')} value={draft.title} error={errors.title} isRequired maxLength={300} onChange={(title) => set('title', title)} />
          <LocalisedTextInput label={t('webForms.formDescription')} value={draft.description} error={errors.description} isMultiline maxLength={2000}
            onChange={(description) => set('description', description)} />
          <LocalisedTextInput label={t('webForms.successMessage')} description={t('webForms.successMessageHint')} value={draft.success_message}
            error={errors.success_message} isRequired isMultiline maxLength={1000} onChange={(message) => set('success_message', message)} />
        </Stack>
      </Card>
      <Card withBorder radius="md">
        <FormFieldsEditor fields={draft.fields} errors={errors} onChange={onFields} />
      </Card>
      <Card withBorder radius="md">
        <Title order={4} mb="sm">{t('webForms.consent')}</Title>
        <FormConsentEditor
          hasConsent={draft.hasConsent}
          consent={draft.consent}
          errors={errors}
          onToggle={(hasConsent) => set('hasConsent', hasConsent)}
          onChange={(consent) => set('consent', consent)}
        />
        {errors.consent && <Text size="xs" c="red" mt="xs">{errors.consent}</Text>}
      </Card>
    </Stack>
  );

  return (
    <form onSubmit={onSubmit} noValidate>
      <Anchor component={Link} to="/settings/web-forms" size="sm" mb="xs" display="inline-flex" style={{ alignItems: 'center', gap: 4 }}>
        <IconArrowLeft size={14} /> {t('webForms.title')}
      </Anchor>
      <PageHeader
        title={(
          <Group gap="sm">
            <span>{form ? form.name : t('webForms.addTitle')}</span>
            {form && !form.is_active && <Badge variant="light" color="gray">{t('webForms.inactive')}</Badge>}
          </Group>
        )}
        actions={(
          <>
            {form && <Button variant="default" color="red" leftSection={<IconTrash size={16} />} onClick={() => setDeleting(true)}>{t('common.delete')}</Button>}
            <Button type="submit" loading={create.isPending || update.isPending}>{form ? t('common.save') : t('webForms.add')}</Button>
          </>
        )}
      />
      {form ? (
        <Grid gap="lg">
          <Grid.Col span={{ base: 12, lg: 7 }}>{editor}</Grid.Col>
          <Grid.Col span={{ base: 12, lg: 5 }}><FormPublish form={form} /></Grid.Col>
        </Grid>
      ) : editor}
      <ConfirmDialog
        opened={isDeleting}
        title={t('webForms.deleteTitle')}
        message={t('webForms.deleteText', { name: form?.name ?? '' })}
        confirmLabel={t('common.delete')}
        isPending={remove.isPending}
        onConfirm={onDelete}
        onClose={() => setDeleting(false)}
      />
    </form>
  );
}

/** A new web form (/settings/web-forms/new) or a saved one (/settings/web-forms/:id). */
export function FormEditPage() {
  const { id } = useParams();
  const form = useWebForm(id);
  if (id === undefined) return <FormEditor />;
  if (form.isPending) return <Center py="xl"><Loader /></Center>;
  if (!form.data) return <NotFoundPage />;
  return <FormEditor key={form.data.id} form={form.data} />;
}
