import { useState } from 'react';
import { Group, Select, Tabs } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { PageHeader } from '../../shell/page-header.component.tsx';
import { MessagesTable } from './messages-table.component.tsx';
import { MessagingSettingsForm } from './messaging-settings.form.tsx';
import { TrackingSettingsCard } from '../engagement/tracking-settings.card.tsx';
import { MESSAGE_CHANNELS, MESSAGE_STATUSES, type MessageChannel, type MessageStatus } from './messaging.types.ts';

/** Marketing → Messages: the message log and the sending settings. */
export function MessagesPage() {
  const { t } = useTranslation();
  const [status, setStatus] = useState<MessageStatus | null>(null);
  const [channel, setChannel] = useState<MessageChannel | null>(null);
  return (
    <>
      <PageHeader title={t('messaging.title')} description={t('messaging.description')} />
      <Tabs defaultValue="log" keepMounted={false}>
        <Tabs.List mb="md">
          <Tabs.Tab value="log">{t('messaging.tabs.log')}</Tabs.Tab>
          <Tabs.Tab value="settings">{t('messaging.tabs.settings')}</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="log">
          <Group mb="md" gap="sm">
            <Select
              aria-label={t('messaging.status')} placeholder={t('messaging.allStatuses')} clearable w={220} data-testid="message-status-filter"
              data={MESSAGE_STATUSES.map((value) => ({ value, label: t(`messaging.statuses.${value}`) }))}
              value={status} onChange={(value) => setStatus(value as MessageStatus | null)}
            />
            <Select
              aria-label={t('messaging.channel')} placeholder={t('messaging.allChannels')} clearable w={200}
              data={MESSAGE_CHANNELS.map((value) => ({ value, label: t(`messaging.channels.${value}`) }))}
              value={channel} onChange={(value) => setChannel(value as MessageChannel | null)}
            />
          </Group>
          <MessagesTable filters={{ ...(status ? { status } : {}), ...(channel ? { channel } : {}) }} isPersonShown />
        </Tabs.Panel>
        <Tabs.Panel value="settings">
          <MessagingSettingsForm />
          <TrackingSettingsCard />
        </Tabs.Panel>
      </Tabs>
    </>
  );
}
