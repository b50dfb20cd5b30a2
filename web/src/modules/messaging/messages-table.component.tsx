import { Anchor, Badge, Text, Table, Tooltip } from '@mantine/core';
import { IconMailForward } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { formatDateTime } from '../../i18n/format.ts';
import { EmptyPlaceholder } from '../../shell/empty-placeholder.component.tsx';
import { SettingsTableCard } from '../settings/settings-table-card.component.tsx';
import { useMessages, type MessageFilters } from './messaging.api.ts';
import { SKIP_REASONS, type Message, type MessageStatus } from './messaging.types.ts';

const STATUS_COLOR: Record<MessageStatus, string> = {
  queued: 'gray', sending: 'blue', sent: 'blue', delivered: 'teal', opened: 'teal', clicked: 'green', bounced: 'orange', failed: 'red', skipped: 'yellow',
};

function StatusCell({ message }: { message: Message }) {
  const { t } = useTranslation();
  const reason = message.skip_reason && (SKIP_REASONS as readonly string[]).includes(message.skip_reason)
    ? t(`messaging.skipReasons.${message.skip_reason as (typeof SKIP_REASONS)[number]}`)
    : message.skip_reason;
  const note = reason ?? message.error ?? (message.status === 'queued' && message.scheduled_for ? t('messaging.deferredUntil', { time: formatDateTime(message.scheduled_for) }) : null);
  return (
    <>
      <Badge variant="light" color={STATUS_COLOR[message.status]} data-testid="message-status">{t(`messaging.statuses.${message.status}`)}</Badge>
      {note && <Text size="xs" c="dimmed" mt={4} data-testid="message-note">{note}</Text>}
    </>
  );
}

/** The message log: newest first, with why a message was not sent. */
export function MessagesTable({ filters, isPersonShown }: { filters: MessageFilters; isPersonShown: boolean }) {
  const { t } = useTranslation();
  const messages = useMessages(filters);
  const list = messages.data?.data ?? [];
  return (
    <SettingsTableCard
      isPending={messages.isPending}
      isEmpty={list.length === 0}
      minWidth={820}
      empty={<EmptyPlaceholder icon={<IconMailForward size={28} />} title={t('messaging.empty')} description={t('messaging.emptyText')} />}
    >
      <Table.Thead>
        <Table.Tr>
          {isPersonShown && <Table.Th>{t('messaging.recipient')}</Table.Th>}
          <Table.Th w={120}>{t('messaging.channel')}</Table.Th>
          <Table.Th>{t('messaging.subject')}</Table.Th>
          <Table.Th w={220}>{t('messaging.status')}</Table.Th>
          <Table.Th w={170}>{t('messaging.queuedAt')}</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {list.map((message) => (
          <Table.Tr key={message.id} data-testid="message-row">
            {isPersonShown && (
              <Table.Td>
                <Anchor component={Link} to={`/people/${message.person_id}`} size="sm">{message.person_title ?? '—'}</Anchor>
              </Table.Td>
            )}
            <Table.Td>
              <Text size="sm">{message.channel ? t(`messaging.channels.${message.channel}`) : t('messaging.auto')}</Text>
              <Text size="xs" c="dimmed">{t(`messaging.purposes.${message.purpose}`)}</Text>
            </Table.Td>
            <Table.Td>
              <Tooltip label={message.address ?? ''} disabled={!message.address}>
                <Text size="sm" lineClamp={2}>{message.subject ?? message.text_preview}</Text>
              </Tooltip>
            </Table.Td>
            <Table.Td><StatusCell message={message} /></Table.Td>
            <Table.Td><Text size="sm">{formatDateTime(message.sent_at ?? message.queued_at)}</Text></Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </SettingsTableCard>
  );
}
