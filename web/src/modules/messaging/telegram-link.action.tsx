import { useState } from 'react';
import { Button, Code, CopyButton, Modal, Stack, Text } from '@mantine/core';
import { IconBrandTelegram } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import type { RecordTabProps } from '../records/index.ts';
import { useTelegramLink } from './messaging.api.ts';

/** "Link Telegram" on the person page: makes a deep link to hand to the person. */
export function TelegramLinkAction({ record }: RecordTabProps) {
  const { t } = useTranslation();
  const link = useTelegramLink();
  const [isOpen, setOpen] = useState(false);
  const onClick = () => link.mutate(String(record.id), { onSuccess: () => setOpen(true) });
  return (
    <>
      <Button variant="default" leftSection={<IconBrandTelegram size={16} />} onClick={onClick} loading={link.isPending}>{t('messaging.person.linkTelegram')}</Button>
      <Modal opened={isOpen} onClose={() => setOpen(false)} title={t('messaging.person.linkTitle')}>
        <Stack gap="sm">
          <Text size="sm">{t('messaging.person.linkText')}</Text>
          <Code block data-testid="telegram-link">{link.data?.url}</Code>
          <CopyButton value={link.data?.url ?? ''}>
            {({ copied, copy }) => <Button onClick={copy} variant="light">{copied ? t('messaging.person.copied') : t('messaging.person.copy')}</Button>}
          </CopyButton>
        </Stack>
      </Modal>
    </>
  );
}
