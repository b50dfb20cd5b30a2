import { useState } from 'react';
import { Anchor, Badge, Button, Table, Text } from '@mantine/core';
import { IconForms, IconPlus } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router-dom';
import { notifySuccess } from '../../api/query.client.ts';
import { formatDateTime, formatNumber } from '../../i18n/format.ts';
import { ConfirmDialog } from '../../shell/confirm-dialog.component.tsx';
import { EmptyPlaceholder } from '../../shell/empty-placeholder.component.tsx';
import { PageHeader } from '../../shell/page-header.component.tsx';
import { SettingsRowActions } from '../settings/settings-row-actions.component.tsx';
import { SettingsTableCard } from '../settings/settings-table-card.component.tsx';
import { useDeleteWebForm, useWebForms } from './forms.api.ts';
import type { WebFormListItem } from './forms.types.ts';

/** Settings → Web forms: the forms the workspace publishes for lead and request capture. */
export function FormsPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const forms = useWebForms();
  const remove = useDeleteWebForm();
  const [deleting, setDeleting] = useState<WebFormListItem | null>(null);
  const list = forms.data ?? [];
  const onAdd = () => navigate('/settings/web-forms/new');

  const onDelete = () => {
    if (!deleting) return;
    remove.mutate(deleting.id, {
      onSuccess: () => notifySuccess(t('webForms.deleted', { name: deleting.name })),
      onSettled: () => setDeleting(null),
    });
  };

  return (
    <>
      <PageHeader
        title={t('webForms.title')}
        description={t('webForms.description')}
        actions={<Button leftSection={<IconPlus size={16} />} onClick={onAdd}>{t('webForms.add')}</Button>}
      />
      <SettingsTableCard
        isPending={forms.isPending}
        isEmpty={list.length === 0}
        minWidth={760}
        empty={(
          <EmptyPlaceholder
            icon={<IconForms size={28} />}
            title={t('webForms.empty')}
            description={t('webForms.emptyText')}
            action={<Button onClick={onAdd}>{t('webForms.add')}</Button>}
          />
        )}
      >
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('webForms.name')}</Table.Th>
            <Table.Th w={150}>{t('webForms.target')}</Table.Th>
            <Table.Th w={130}>{t('webForms.status')}</Table.Th>
            <Table.Th w={120} ta="right">{t('webForms.submissions')}</Table.Th>
            <Table.Th w={180}>{t('common.created')}</Table.Th>
            <Table.Th w={90} />
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {list.map((form) => (
            <Table.Tr key={form.id} data-testid="web-form-row">
              <Table.Td>
                <Anchor component={Link} to={`/settings/web-forms/${form.id}`} size="sm" fw={500}>{form.name}</Anchor>
              </Table.Td>
              <Table.Td><Text size="sm">{t(`webForms.targetOptions.${form.target}`)}</Text></Table.Td>
              <Table.Td>
                <Badge variant="light" color={form.is_active ? 'teal' : 'gray'}>{form.is_active ? t('webForms.active') : t('webForms.inactive')}</Badge>
              </Table.Td>
              <Table.Td ta="right" data-testid="web-form-submissions"><Text size="sm">{formatNumber(form.submissions)}</Text></Table.Td>
              <Table.Td><Text size="sm">{formatDateTime(form.created_at)}</Text></Table.Td>
              <Table.Td>
                <SettingsRowActions onEdit={() => navigate(`/settings/web-forms/${form.id}`)} onDelete={() => setDeleting(form)} />
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </SettingsTableCard>
      <ConfirmDialog
        opened={deleting !== null}
        title={t('webForms.deleteTitle')}
        message={t('webForms.deleteText', { name: deleting?.name ?? '' })}
        confirmLabel={t('common.delete')}
        isPending={remove.isPending}
        onConfirm={onDelete}
        onClose={() => setDeleting(null)}
      />
    </>
  );
}
