import { useState } from 'react';
import { Button, Card, Code, CopyButton, Group, Stack, Text, Title } from '@mantine/core';
import { IconCheck, IconCopy, IconRefresh } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { notifySuccess } from '../../api/query.client.ts';
import { ConfirmDialog } from '../../shell/confirm-dialog.component.tsx';
import { useRotateWriteKey } from './tracking.api.ts';
import { snippetTags } from './tracking-format.ts';
import type { TrackingSettings } from './tracking.types.ts';

/** The code to paste into the site, and the key inside it, which an admin may replace. */
export function TrackingSnippet({ settings, canRotate }: { settings: TrackingSettings; canRotate: boolean }) {
  const { t } = useTranslation();
  const rotate = useRotateWriteKey();
  const [isConfirming, setConfirming] = useState(false);
  const code = snippetTags(settings.snippet_url, settings.write_key, window.location.origin);

  const onRotate = () => rotate.mutate(undefined, {
    onSuccess: () => {
      setConfirming(false);
      notifySuccess(t('tracking.keyRotated'));
    },
  });

  return (
    <Card withBorder radius="md">
      <Stack gap="sm">
        <Title order={4}>{t('tracking.snippetTitle')}</Title>
        <Text size="sm" c="dimmed">{t('tracking.snippetText')}</Text>
        <Code block style={{ wordBreak: 'break-all', whiteSpace: 'pre-wrap' }} data-testid="tracking-snippet">{code}</Code>
        <Text size="sm" c="dimmed">{t('tracking.snippetUsage')}</Text>
        <Code block style={{ whiteSpace: 'pre-wrap' }}>
          {"rapport('track', 'add_to_cart', { sku: 'KET-1', name: 'Чайник', quantity: 1, price: 2500, currency: 'RUB' });\n"}
          {"rapport('identify', { email: 'olga@example.ru' });\n"}
          {'<form data-rapport-form="callback">…</form>'}
        </Code>
        <Group justify="space-between">
          <Text size="sm">
            {t('tracking.writeKey')}: <Code data-testid="tracking-write-key">{settings.write_key}</Code>
          </Text>
          <Group gap="xs">
            {canRotate && (
              <Button variant="default" color="red" leftSection={<IconRefresh size={16} />} onClick={() => setConfirming(true)}>{t('tracking.rotateKey')}</Button>
            )}
            <CopyButton value={code}>
              {({ copied, copy }) => (
                <Button variant="light" color={copied ? 'teal' : 'blue'} leftSection={copied ? <IconCheck size={16} /> : <IconCopy size={16} />} onClick={copy}>
                  {copied ? t('tracking.copied') : t('tracking.copySnippet')}
                </Button>
              )}
            </CopyButton>
          </Group>
        </Group>
      </Stack>
      <ConfirmDialog
        opened={isConfirming}
        title={t('tracking.rotateTitle')}
        message={t('tracking.rotateText')}
        confirmLabel={t('tracking.rotateConfirm')}
        isPending={rotate.isPending}
        onConfirm={onRotate}
        onClose={() => setConfirming(false)}
      />
    </Card>
  );
}
