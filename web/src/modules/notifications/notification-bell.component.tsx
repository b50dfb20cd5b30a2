import { ActionIcon, Box, Button, Group, Indicator, Loader, Popover, Stack, Text, UnstyledButton } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { IconBell } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { formatDateTime } from '../../i18n/format.ts';
import { useObjectTypes } from '../records/index.ts';
import { useMarkAllNotificationsRead, useMarkNotificationRead, useNotifications, useUnreadNotificationCount } from './notifications.api.ts';
import type { AppNotification } from './notifications.types.ts';

/** The header bell: the unread count, and the latest notifications, each opening its record. */
export function NotificationBell() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [isOpen, { toggle, close }] = useDisclosure(false);
  const unread = useUnreadNotificationCount();
  const list = useNotifications(isOpen);
  const { data: objectTypes } = useObjectTypes();
  const markRead = useMarkNotificationRead();
  const markAllRead = useMarkAllNotificationsRead();
  const count = unread.data ?? 0;

  const open = (notification: AppNotification) => {
    if (!notification.is_read) markRead.mutate(notification.id);
    const plural = objectTypes?.find((type) => type.type === notification.entity_type)?.plural;
    close();
    if (plural) navigate(`/${plural}/${notification.entity_id}`);
  };

  return (
    <Popover opened={isOpen} onChange={(isNowOpen) => !isNowOpen && close()} position="bottom-end" width={360} shadow="md" withinPortal>
      <Popover.Target>
        <Indicator label={count > 99 ? '99+' : count} size={16} disabled={count === 0} offset={4} color="red">
          <ActionIcon variant="default" size="lg" onClick={toggle} aria-label={t('notifications.open', { count })}>
            <IconBell size={18} />
          </ActionIcon>
        </Indicator>
      </Popover.Target>
      <Popover.Dropdown p="xs">
        <Group justify="space-between" px="xs" pb="xs">
          <Text fw={600} size="sm">{t('notifications.title')}</Text>
          <Button variant="subtle" size="compact-xs" disabled={count === 0} loading={markAllRead.isPending} onClick={() => markAllRead.mutate()}>
            {t('notifications.markAllRead')}
          </Button>
        </Group>
        <Box mah={400} style={{ overflowY: 'auto' }}>
          {list.isPending && <Group justify="center" py="md"><Loader size="sm" /></Group>}
          {list.data?.length === 0 && <Text size="sm" c="dimmed" ta="center" py="md">{t('notifications.empty')}</Text>}
          <Stack gap={2}>
            {list.data?.map((notification) => (
              <UnstyledButton
                key={notification.id}
                onClick={() => open(notification)}
                px="xs"
                py={6}
                data-unread={!notification.is_read || undefined}
                style={{ borderRadius: 'var(--mantine-radius-sm)', background: notification.is_read ? undefined : 'var(--mantine-color-blue-light)' }}
              >
                <Text size="sm" fw={notification.is_read ? 400 : 600} lineClamp={2}>
                  {t(`notifications.kind.${notification.kind}`, { title: notification.title ?? '—' })}
                </Text>
                <Text size="xs" c="dimmed">{formatDateTime(notification.created_at)}</Text>
              </UnstyledButton>
            ))}
          </Stack>
        </Box>
      </Popover.Dropdown>
    </Popover>
  );
}
