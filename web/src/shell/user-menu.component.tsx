import { Avatar, Menu, Text, UnstyledButton } from '@mantine/core';
import { IconFileExport, IconLogout } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router-dom';
import { useLogout, useSession } from '../modules/auth/auth.api.ts';

function initials(name: string, email: string): string {
  const words = name.trim().split(/\s+/).filter(Boolean);
  const letters = words.length > 0 ? words.slice(0, 2).map((word) => word[0]) : [email[0]];
  return letters.join('').toUpperCase();
}

export function UserMenu() {
  const { t } = useTranslation();
  const me = useSession();
  const navigate = useNavigate();
  const logout = useLogout();

  const onLogout = () => logout.mutate(undefined, { onSettled: () => navigate('/login', { replace: true }) });
  // Exports are personal; a role that may export nothing has none to list.
  const canExport = Object.values(me.permissions).some((grant) => grant.actions.includes('export'));

  return (
    <Menu position="bottom-end" width={240} withinPortal>
      <Menu.Target>
        <UnstyledButton aria-label={t('shell.userMenu')}>
          <Avatar color="blue" radius="xl" size={34}>{initials(me.user.name, me.user.email)}</Avatar>
        </UnstyledButton>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Label>
          <Text size="sm" fw={500} c="var(--mantine-color-text)" truncate>{me.user.name || me.user.email}</Text>
          <Text size="xs" c="dimmed" truncate>{me.user.email}</Text>
          {me.workspace && <Text size="xs" c="dimmed">{t('shell.roleIn', { role: me.workspace.role, workspace: me.workspace.name })}</Text>}
        </Menu.Label>
        <Menu.Divider />
        {canExport && (
          <Menu.Item component={Link} to="/exports" leftSection={<IconFileExport size={16} />}>
            {t('exports.title')}
          </Menu.Item>
        )}
        <Menu.Item leftSection={<IconLogout size={16} />} color="red" onClick={onLogout}>
          {t('shell.logout')}
        </Menu.Item>
      </Menu.Dropdown>
    </Menu>
  );
}
