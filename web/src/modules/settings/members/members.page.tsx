import { useState } from 'react';
import { ActionIcon, Badge, Button, Group, Menu, Select, Table, Text } from '@mantine/core';
import { IconDots, IconPlus, IconTrash, IconUserCheck, IconUserOff, IconUsers } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { notifySuccess } from '../../../api/query.client.ts';
import { ConfirmDialog } from '../../../shell/confirm-dialog.component.tsx';
import { EmptyPlaceholder } from '../../../shell/empty-placeholder.component.tsx';
import { SettingsTableCard } from '../settings-table-card.component.tsx';
import { PageHeader } from '../../../shell/page-header.component.tsx';
import { useSession } from '../../auth/auth.api.ts';
import { can } from '../../auth/permissions.ts';
import { useMembers, useRemoveMember, useRoleOptions, useTeams, useUpdateMember } from '../settings.api.ts';
import type { Member } from '../settings.types.ts';
import { MemberCreateModal } from './member-create.modal.tsx';

export function MembersPage() {
  const { t } = useTranslation();
  const me = useSession();
  const members = useMembers();
  const teams = useTeams(can(me, 'team', 'read'));
  const roleOptions = useRoleOptions(can(me, 'role', 'read'));
  const update = useUpdateMember();
  const remove = useRemoveMember();
  const [isAdding, setAdding] = useState(false);
  const [removing, setRemoving] = useState<Member | null>(null);
  const canUpdate = can(me, 'member', 'update');
  const canDelete = can(me, 'member', 'delete');

  const teamNames = new Map((teams.data ?? []).map((team) => [team.id, team.name]));
  const roleName = (key: string) => roleOptions.find((option) => option.value === key)?.label ?? key;

  const changeRole = (member: Member, role: string | null) => {
    if (!role || role === member.role) return;
    update.mutate({ userId: member.user_id, role }, { onSuccess: () => notifySuccess(t('members.roleChanged', { name: member.name || member.email })) });
  };
  const toggleDisabled = (member: Member) =>
    update.mutate(
      { userId: member.user_id, is_disabled: !member.is_disabled },
      { onSuccess: () => notifySuccess(member.is_disabled ? t('members.enabled') : t('members.disabled')) },
    );
  const onRemove = () => {
    if (!removing) return;
    remove.mutate(removing.user_id, {
      onSuccess: () => {
        notifySuccess(t('members.removed', { name: removing.name || removing.email }));
        setRemoving(null);
      },
    });
  };

  return (
    <>
      <PageHeader
        title={t('members.title')}
        description={t('members.description')}
        actions={can(me, 'member', 'create') && (
          <Button leftSection={<IconPlus size={16} />} onClick={() => setAdding(true)}>{t('members.add')}</Button>
        )}
      />
      <SettingsTableCard
        isPending={members.isPending}
        isEmpty={(members.data ?? []).length === 0}
        minWidth={760}
        empty={
          <EmptyPlaceholder icon={<IconUsers size={28} />} title={t('members.empty')} />
        }
      >
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('members.name')}</Table.Th>
            <Table.Th>{t('members.email')}</Table.Th>
            <Table.Th w={190}>{t('members.role')}</Table.Th>
            <Table.Th>{t('members.teams')}</Table.Th>
            <Table.Th w={110}>{t('members.status')}</Table.Th>
            <Table.Th w={50} />
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {(members.data ?? []).map((member) => {
            // Changing one's own role or status could lock the admin out.
            const isSelf = member.user_id === me.user.id;
            return (
              <Table.Tr key={member.user_id}>
                <Table.Td>
                  <Text size="sm" fw={500}>{member.name || '—'}</Text>
                  {isSelf && <Text size="xs" c="dimmed">{t('members.you')}</Text>}
                </Table.Td>
                <Table.Td><Text size="sm">{member.email}</Text></Table.Td>
                <Table.Td>
                  {canUpdate && !isSelf ? (
                    <Select
                      size="xs"
                      aria-label={t('members.role')}
                      data={roleOptions}
                      value={member.role}
                      onChange={(role) => changeRole(member, role)}
                      allowDeselect={false}
                      comboboxProps={{ withinPortal: true }}
                    />
                  ) : (
                    <Badge variant="light" color="gray">{roleName(member.role)}</Badge>
                  )}
                </Table.Td>
                <Table.Td>
                  <Group gap={4}>
                    {member.team_ids.length === 0 && <Text size="sm" c="dimmed">—</Text>}
                    {member.team_ids.map((teamId) => (
                      <Badge key={teamId} variant="outline" color="blue" size="sm">{teamNames.get(teamId) ?? teamId.slice(0, 8)}</Badge>
                    ))}
                  </Group>
                </Table.Td>
                <Table.Td>
                  <Badge color={member.is_disabled ? 'red' : 'teal'} variant="light">
                    {member.is_disabled ? t('members.statusDisabled') : t('members.statusActive')}
                  </Badge>
                </Table.Td>
                <Table.Td>
                  {!isSelf && (canUpdate || canDelete) && (
                    <Menu position="bottom-end" withinPortal>
                      <Menu.Target>
                        <ActionIcon variant="subtle" color="gray" aria-label={t('common.actions')}>
                          <IconDots size={16} />
                        </ActionIcon>
                      </Menu.Target>
                      <Menu.Dropdown>
                        {canUpdate && (
                          <Menu.Item
                            leftSection={member.is_disabled ? <IconUserCheck size={16} /> : <IconUserOff size={16} />}
                            onClick={() => toggleDisabled(member)}
                          >
                            {member.is_disabled ? t('members.enable') : t('members.disable')}
                          </Menu.Item>
                        )}
                        {canDelete && (
                          <Menu.Item color="red" leftSection={<IconTrash size={16} />} onClick={() => setRemoving(member)}>
                            {t('members.remove')}
                          </Menu.Item>
                        )}
                      </Menu.Dropdown>
                    </Menu>
                  )}
                </Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </SettingsTableCard>
      {isAdding && <MemberCreateModal roleOptions={roleOptions} onClose={() => setAdding(false)} />}
      <ConfirmDialog
        opened={removing !== null}
        title={t('members.removeTitle')}
        message={t('members.removeText', { name: removing?.name || removing?.email || '' })}
        confirmLabel={t('members.remove')}
        isPending={remove.isPending}
        onConfirm={onRemove}
        onClose={() => setRemoving(null)}
      />
    </>
  );
}
