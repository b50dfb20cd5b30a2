import { useState } from 'react';
import { Alert, Anchor, Badge, Button, Table, Text } from '@mantine/core';
import { IconMailCode, IconPlus } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router-dom';
import { notifySuccess } from '../../api/query.client.ts';
import { formatDateTime } from '../../i18n/format.ts';
import { ConfirmDialog } from '../../shell/confirm-dialog.component.tsx';
import { EmptyPlaceholder } from '../../shell/empty-placeholder.component.tsx';
import { PageHeader } from '../../shell/page-header.component.tsx';
import { useSession } from '../auth/auth.api.ts';
import { SettingsRowActions } from '../settings/settings-row-actions.component.tsx';
import { SettingsTableCard } from '../settings/settings-table-card.component.tsx';
import { canEditTemplates } from './template-permissions.ts';
import { useDeleteTemplate, useTemplates } from './templates.api.ts';
import type { MessageTemplate } from './templates.types.ts';

/** Marketing → Templates: the workspace's message templates. */
export function TemplatesPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const canEdit = canEditTemplates(useSession());
  const templates = useTemplates();
  const remove = useDeleteTemplate();
  const [deleting, setDeleting] = useState<MessageTemplate | null>(null);
  const list = templates.data ?? [];
  const onAdd = () => navigate('/marketing/templates/new');

  const onDelete = () => {
    if (!deleting) return;
    remove.mutate(deleting.id, {
      onSuccess: () => notifySuccess(t('templates.deleted', { name: deleting.name })),
      onSettled: () => setDeleting(null),
    });
  };

  return (
    <>
      <PageHeader
        title={t('templates.title')}
        description={t('templates.description')}
        actions={canEdit && <Button leftSection={<IconPlus size={16} />} onClick={onAdd}>{t('templates.add')}</Button>}
      />
      {!canEdit && <Alert color="gray" mb="md">{t('templates.readOnly')}</Alert>}
      <SettingsTableCard
        isPending={templates.isPending}
        isEmpty={list.length === 0}
        minWidth={720}
        empty={(
          <EmptyPlaceholder
            icon={<IconMailCode size={28} />}
            title={t('templates.empty')}
            description={t('templates.emptyText')}
            action={canEdit && <Button onClick={onAdd}>{t('templates.add')}</Button>}
          />
        )}
      >
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('templates.name')}</Table.Th>
            <Table.Th w={120}>{t('templates.channel')}</Table.Th>
            <Table.Th w={170}>{t('templates.purpose')}</Table.Th>
            <Table.Th w={180}>{t('templates.updated')}</Table.Th>
            <Table.Th w={90} />
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {list.map((template) => (
            <Table.Tr key={template.id} data-testid="template-row">
              <Table.Td>
                <Anchor component={Link} to={`/marketing/templates/${template.id}`} size="sm" fw={500}>{template.name}</Anchor>
              </Table.Td>
              <Table.Td><Badge variant="light">{t(`templates.channels.${template.channel}`)}</Badge></Table.Td>
              <Table.Td><Text size="sm">{t(`templates.purposes.${template.purpose}`)}</Text></Table.Td>
              <Table.Td><Text size="sm">{formatDateTime(template.updated_at)}</Text></Table.Td>
              <Table.Td>
                <SettingsRowActions
                  onEdit={() => navigate(`/marketing/templates/${template.id}`)}
                  onDelete={canEdit ? () => setDeleting(template) : undefined}
                />
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </SettingsTableCard>
      <ConfirmDialog
        opened={deleting !== null}
        title={t('templates.deleteTitle')}
        message={t('templates.deleteText', { name: deleting?.name ?? '' })}
        confirmLabel={t('common.delete')}
        isPending={remove.isPending}
        onConfirm={onDelete}
        onClose={() => setDeleting(null)}
      />
    </>
  );
}
