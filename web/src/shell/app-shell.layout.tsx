import { AppShell, Burger, Box, Group, Text, UnstyledButton } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { IconBuildingStore } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Link, Outlet } from 'react-router-dom';
import { useSession } from '../modules/auth/auth.api.ts';
import { NotificationBell } from '../modules/notifications/index.ts';
import { EmptyPlaceholder } from './empty-placeholder.component.tsx';
import { GlobalSearch } from './global-search.component.tsx';
import { LanguageSwitch } from './language-switch.component.tsx';
import { Navigation } from './navigation.component.tsx';
import { UserMenu } from './user-menu.component.tsx';
import { WorkspaceSwitcher } from './workspace-switcher.component.tsx';

export function AppShellLayout() {
  const { t } = useTranslation();
  const me = useSession();
  const [isNavOpen, { toggle: toggleNav, close: closeNav }] = useDisclosure(false);

  return (
    <AppShell
      header={{ height: 56 }}
      navbar={{ width: 250, breakpoint: 'sm', collapsed: { mobile: !isNavOpen } }}
      padding={{ base: 'sm', sm: 'lg' }}
    >
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap" gap="sm">
          <Group gap="sm" wrap="nowrap">
            <Burger opened={isNavOpen} onClick={toggleNav} hiddenFrom="sm" size="sm" aria-label={t('shell.toggleNavigation')} />
            <UnstyledButton component={Link} to="/">
              <Text fw={700} size="lg" c="blue.7">Rapport</Text>
            </UnstyledButton>
            <Box visibleFrom="sm">
              <WorkspaceSwitcher />
            </Box>
          </Group>
          <Group gap="xs" wrap="nowrap">
            <GlobalSearch />
            {me.workspace && <NotificationBell />}
            <LanguageSwitch />
            <UserMenu />
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar>
        <Navigation
          onNavigate={closeNav}
          header={<Box hiddenFrom="sm" pb="sm"><WorkspaceSwitcher /></Box>}
        />
      </AppShell.Navbar>
      <AppShell.Main bg="gray.0">
        {me.workspace ? (
          <Outlet />
        ) : (
          <EmptyPlaceholder icon={<IconBuildingStore size={28} />} title={t('shell.noWorkspaceTitle')} description={t('shell.noWorkspaceText')} />
        )}
      </AppShell.Main>
    </AppShell>
  );
}
