import { useEffect, useState } from 'react';
import { Badge, Button, Card, Group, NumberInput, Stack, Table, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { notifyError, notifySuccess } from '../../api/query.client.ts';
import { PageHeader } from '../../shell/page-header.component.tsx';
import { can } from '../auth/permissions.ts';
import { useSession } from '../auth/auth.api.ts';
import { localized } from '../records/index.ts';
import { describePrivacyError, useProcessingRegister, useRetentionPreview, useSaveRetention } from './privacy.api.ts';
import type { RetentionRules } from './privacy.types.ts';

const CLASSIFICATION_COLOR = { plain: 'gray', personal: 'blue', sensitive: 'red' } as const;

/** Settings → Personal data: the processing register, the retention rules and their dry run. */
export function PersonalDataPage() {
  const { t, i18n } = useTranslation();
  const me = useSession();
  const register = useProcessingRegister();
  return (
    <Stack>
      <PageHeader title={t('privacy.title')} description={t('privacy.description')} />
      <RetentionCard canEdit={can(me, 'personal_data', 'update')} rules={register.data?.retention} />
      <Title order={3}>{t('privacy.register.title')}</Title>
      <Text c="dimmed" size="sm">{t('privacy.register.hint')}</Text>
      <Table striped withTableBorder verticalSpacing="xs" aria-label={t('privacy.register.title')}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('privacy.register.what')}</Table.Th>
            <Table.Th>{t('privacy.register.fields')}</Table.Th>
            <Table.Th>{t('privacy.register.purpose')}</Table.Th>
            <Table.Th>{t('privacy.register.retention')}</Table.Th>
            <Table.Th>{t('privacy.register.erasure')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {(register.data?.entries ?? []).map((entry) => (
            <Table.Tr key={`${entry.module}.${entry.table}`}>
              <Table.Td>
                <Text size="sm">{localized(entry.what, i18n.language)}</Text>
                <Text size="xs" c="dimmed"><code>{entry.table}</code></Text>
              </Table.Td>
              <Table.Td>
                <Group gap={4}>
                  {entry.fields.map((field) => (
                    <Badge key={field.name} variant="light" color={CLASSIFICATION_COLOR[field.classification]} title={t(`privacy.classification.${field.classification}`)}>
                      {localized(field.label, i18n.language)}
                    </Badge>
                  ))}
                </Group>
              </Table.Td>
              <Table.Td><Text size="sm">{localized(entry.purpose, i18n.language)}</Text></Table.Td>
              <Table.Td><Text size="sm">{localized(entry.retention, i18n.language)}</Text></Table.Td>
              <Table.Td><Text size="sm">{t(`privacy.erasure.${entry.erasure}`)}</Text></Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Stack>
  );
}

function RetentionCard({ canEdit, rules }: { canEdit: boolean; rules: RetentionRules | undefined }) {
  const { t, i18n } = useTranslation();
  const save = useSaveRetention();
  const preview = useRetentionPreview();
  const [draft, setDraft] = useState<RetentionRules>({ lead_retention_years: null, person_retention_years: null });
  useEffect(() => {
    if (rules) setDraft(rules);
  }, [rules]);
  const years = (value: string | number) => (value === '' ? null : Number(value));
  const submit = () => save.mutate(draft, {
    onSuccess: () => notifySuccess(t('privacy.retention.saved')),
    onError: (error) => notifyError(error, describePrivacyError),
  });
  return (
    <Card withBorder>
      <Stack gap="sm">
        <Title order={3}>{t('privacy.retention.title')}</Title>
        <Group align="flex-end">
          <NumberInput label={t('privacy.retention.leads')} description={t('privacy.retention.empty')} min={1} max={50} w={260}
            value={draft.lead_retention_years ?? ''} disabled={!canEdit} onChange={(v) => setDraft({ ...draft, lead_retention_years: years(v) })} />
          <NumberInput label={t('privacy.retention.people')} description={t('privacy.retention.empty')} min={1} max={50} w={260}
            value={draft.person_retention_years ?? ''} disabled={!canEdit} onChange={(v) => setDraft({ ...draft, person_retention_years: years(v) })} />
          {canEdit && <Button onClick={submit} loading={save.isPending}>{t('privacy.retention.save')}</Button>}
        </Group>
        <Text size="sm" fw={500}>{t('privacy.retention.preview', { count: preview.data?.length ?? 0 })}</Text>
        {(preview.data ?? []).length > 0 && (
          <Table withTableBorder verticalSpacing={4} aria-label={t('privacy.retention.previewLabel')}>
            <Table.Tbody>
              {preview.data!.map((c) => (
                <Table.Tr key={c.id}>
                  <Table.Td>{t(`privacy.retention.types.${c.type}`)}</Table.Td>
                  <Table.Td>{c.title}</Table.Td>
                  <Table.Td>{c.last_activity_at ? new Date(c.last_activity_at).toLocaleDateString(i18n.language) : ''}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </Stack>
    </Card>
  );
}
