import { useState } from 'react';
import { Avatar, Button, Group, Table, Text, Tooltip } from '@mantine/core';
import { IconPlus, IconUsersGroup } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { notifySuccess } from '../../../api/query.client.ts';
import { formatDateTime } from '../../../i18n/format.ts';
import { ConfirmDialog } from '../../../shell/confirm-dialog.component.tsx';
import { EmptyPlaceholder } from '../../../shell/empty-placeholder.component.tsx';
import { SettingsRowActions } from '../settings-row-actions.component.tsx';
import { SettingsTableCard } from '../settings-table-card.component.tsx';
import { PageHeader } from '../../../shell/page-header.component.tsx';
import { useSession } from '../../auth/auth.api.ts';
import { can } from '../../auth/permissions.ts';
import { useDeleteTeam, useMembers, useTeams } from '../settings.api.ts';
import type { Team } from '../settings.types.ts';
import { TeamEditModal } from './team-edit.modal.tsx';

const AVATARS_SHOWN = 5;

export function TeamsPage() {
  const { t } = useTranslation();
  const me = useSession();
  const teams = useTeams();
  const members = useMembers(can(me, 'member', 'read'));
  const remove = useDeleteTeam();
  // undefined: closed; null: creating; a team: editing it.
  const [editing, setEditing] = useState<Team | null | undefined>(undefined);
  const [deleting, setDeleting] = useState<Team | null>(null);
  const canCreate = can(me, 'team', 'create');
  const canUpdate = can(me, 'team', 'update');
  const canDelete = can(me, 'team', 'delete');

  const memberById = new Map((members.data ?? []).map((member) => [member.user_id, member]));
  const onDelete = () => {
    if (!deleting) return;
    remove.mutate(deleting.id, {
      onSuccess: () => {
        notifySuccess(t('teams.deleted', { name: deleting.name }));
        setDeleting(null);
      },
    });
  };

  return (
    <>
      <PageHeader
        title={t('teams.title')}
        description={t('teams.description')}
        actions={canCreate && <Button leftSection={<IconPlus size={16} />} onClick={() => setEditing(null)}>{t('teams.create')}</Button>}
      />
      <SettingsTableCard
        isPending={teams.isPending}
        isEmpty={(teams.data ?? []).length === 0}
        minWidth={560}
        empty={
          <EmptyPlaceholder
            icon={<IconUsersGroup size={28} />}
            title={t('teams.empty')}
            description={t('teams.emptyText')}
            action={canCreate && <Button onClick={() => setEditing(null)}>{t('teams.create')}</Button>}
          />
        }
      >
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('teams.name')}</Table.Th>
            <Table.Th>{t('teams.members')}</Table.Th>
            <Table.Th w={180}>{t('common.created')}</Table.Th>
            <Table.Th w={90} />
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {(teams.data ?? []).map((team) => (
            <Table.Tr key={team.id}>
              <Table.Td><Text size="sm" fw={500}>{team.name}</Text></Table.Td>
              <Table.Td>
                <Group gap="xs" wrap="nowrap">
                  <Avatar.Group spacing="xs">
                    {team.member_ids.slice(0, AVATARS_SHOWN).map((id) => {
                      const member = memberById.get(id);
                      const label = member?.name || member?.email || id.slice(0, 8);
                      return (
                        <Tooltip key={id} label={label} withArrow>
                          <Avatar size="sm" radius="xl" color="blue" name={label} />
                        </Tooltip>
                      );
                    })}
                  </Avatar.Group>
                  <Text size="sm" c="dimmed">{t('teams.memberCount', { count: team.member_ids.length })}</Text>
                </Group>
              </Table.Td>
              <Table.Td><Text size="sm">{formatDateTime(team.created_at)}</Text></Table.Td>
              <Table.Td>
                <SettingsRowActions
                  onEdit={canUpdate ? () => setEditing(team) : undefined}
                  onDelete={canDelete ? () => setDeleting(team) : undefined}
                />
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </SettingsTableCard>
      {editing !== undefined && (
        <TeamEditModal team={editing ?? undefined} members={members.data ?? []} onClose={() => setEditing(undefined)} />
      )}
      <ConfirmDialog
        opened={deleting !== null}
        title={t('teams.deleteTitle')}
        message={t('teams.deleteText', { name: deleting?.name ?? '' })}
        confirmLabel={t('common.delete')}
        isPending={remove.isPending}
        onConfirm={onDelete}
        onClose={() => setDeleting(null)}
      />
    </>
  );
}
