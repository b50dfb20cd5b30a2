import { useState } from 'react';
import { ActionIcon, Anchor, Badge, Button, Group, Table, Text } from '@mantine/core';
import { IconPlus, IconShieldLock, IconTrash } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { notifySuccess } from '../../../api/query.client.ts';
import { formatDateTime } from '../../../i18n/format.ts';
import { ConfirmDialog } from '../../../shell/confirm-dialog.component.tsx';
import { EmptyPlaceholder } from '../../../shell/empty-placeholder.component.tsx';
import { SettingsTableCard } from '../settings-table-card.component.tsx';
import { PageHeader } from '../../../shell/page-header.component.tsx';
import { useSession } from '../../auth/auth.api.ts';
import { can } from '../../auth/permissions.ts';
import { useDeleteRole, useRoles } from '../settings.api.ts';
import type { Role } from '../settings.types.ts';

export function RolesPage() {
  const { t } = useTranslation();
  const me = useSession();
  const roles = useRoles();
  const remove = useDeleteRole();
  const [deleting, setDeleting] = useState<Role | null>(null);
  const canDelete = can(me, 'role', 'delete');

  const onDelete = () => {
    if (!deleting) return;
    remove.mutate(deleting.id, {
      onSuccess: () => {
        notifySuccess(t('roles.deleted', { name: deleting.name }));
        setDeleting(null);
      },
    });
  };

  return (
    <>
      <PageHeader
        title={t('roles.title')}
        description={t('roles.description')}
        actions={can(me, 'role', 'create') && (
          <Button component={Link} to="/settings/roles/new" leftSection={<IconPlus size={16} />}>{t('roles.create')}</Button>
        )}
      />
      <SettingsTableCard
        isPending={roles.isPending}
        isEmpty={(roles.data ?? []).length === 0}
        minWidth={560}
        empty={
          <EmptyPlaceholder icon={<IconShieldLock size={28} />} title={t('roles.empty')} />
        }
      >
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('roles.name')}</Table.Th>
            <Table.Th w={180}>{t('roles.key')}</Table.Th>
            <Table.Th w={180}>{t('common.updated')}</Table.Th>
            <Table.Th w={60} />
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {(roles.data ?? []).map((role) => (
            <Table.Tr key={role.id}>
              <Table.Td>
                <Group gap="xs">
                  <Anchor component={Link} to={`/settings/roles/${role.id}`} size="sm" fw={500}>{role.name}</Anchor>
                  {role.is_builtin && <Badge size="sm" variant="light" color="gray">{t('roles.builtin')}</Badge>}
                </Group>
              </Table.Td>
              <Table.Td><Text size="sm" ff="monospace">{role.key}</Text></Table.Td>
              <Table.Td><Text size="sm">{formatDateTime(role.updated_at)}</Text></Table.Td>
              <Table.Td>
                {canDelete && !role.is_builtin && (
                  <ActionIcon variant="subtle" color="red" aria-label={t('common.delete')} onClick={() => setDeleting(role)}>
                    <IconTrash size={16} />
                  </ActionIcon>
                )}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </SettingsTableCard>
      <ConfirmDialog
        opened={deleting !== null}
        title={t('roles.deleteTitle')}
        message={t('roles.deleteText', { name: deleting?.name ?? '' })}
        confirmLabel={t('common.delete')}
        isPending={remove.isPending}
        onConfirm={onDelete}
        onClose={() => setDeleting(null)}
      />
    </>
  );
}
