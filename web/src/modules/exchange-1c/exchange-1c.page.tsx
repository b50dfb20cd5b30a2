import { useState } from 'react';
import { Alert, Badge, Button, Card, Code, Group, Stack, Table, Text } from '@mantine/core';
import { IconPlugConnected, IconRefresh } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../i18n/format.ts';
import { ConfirmDialog } from '../../shell/confirm-dialog.component.tsx';
import { EmptyPlaceholder } from '../../shell/empty-placeholder.component.tsx';
import { PageHeader } from '../../shell/page-header.component.tsx';
import { SettingsTableCard } from '../settings/settings-table-card.component.tsx';
import { useExchangeLog, useExchangeSettings, useRotateExchangeCredentials, type ExchangeCredentials } from './exchange-1c.api.ts';

const RESULT_COLORS = { success: 'teal', failure: 'red', progress: 'blue' } as const;

/** Settings → Integrations → 1C: the exchange URL and login, a new password on demand, and the exchange log. */
export function Exchange1cPage() {
  const { t } = useTranslation();
  const settings = useExchangeSettings();
  const log = useExchangeLog();
  const rotate = useRotateExchangeCredentials();
  const [isConfirming, setConfirming] = useState(false);
  const [issued, setIssued] = useState<ExchangeCredentials | null>(null);
  const hasCredentials = !!settings.data?.login;

  const onRotate = () => rotate.mutate(undefined, {
    onSuccess: (created) => {
      setIssued(created);
      setConfirming(false);
    },
  });

  return (
    <>
      <PageHeader
        title={t('exchange1c.title')}
        description={t('exchange1c.description')}
        actions={(
          <Button leftSection={<IconRefresh size={16} />} loading={rotate.isPending && !isConfirming}
            onClick={() => (hasCredentials ? setConfirming(true) : onRotate())}>
            {hasCredentials ? t('exchange1c.rotate') : t('exchange1c.create')}
          </Button>
        )}
      />
      <Card withBorder mb="md">
        <Stack gap="xs">
          <Group gap="xs"><Text size="sm" w={160} c="dimmed">{t('exchange1c.url')}</Text><Code>{settings.data?.url ?? '…'}</Code></Group>
          <Group gap="xs">
            <Text size="sm" w={160} c="dimmed">{t('exchange1c.login')}</Text>
            {settings.data?.login ? <Code>{settings.data.login}</Code> : <Text size="sm">{t('exchange1c.noCredentials')}</Text>}
          </Group>
          {settings.data?.created_at && (
            <Group gap="xs"><Text size="sm" w={160} c="dimmed">{t('common.created')}</Text><Text size="sm">{formatDateTime(settings.data.created_at)}</Text></Group>
          )}
          <Text size="xs" c="dimmed">{t('exchange1c.howTo')}</Text>
        </Stack>
      </Card>
      {issued && (
        <Alert color="yellow" mb="md" title={t('exchange1c.passwordOnce')} withCloseButton onClose={() => setIssued(null)}>
          <Stack gap={4}>
            <Text size="sm">{t('exchange1c.login')}: <Code>{issued.login}</Code></Text>
            <Text size="sm">{t('exchange1c.password')}: <Code>{issued.password}</Code></Text>
          </Stack>
        </Alert>
      )}
      <Text fw={600} mb="xs">{t('exchange1c.logTitle')}</Text>
      <SettingsTableCard
        isPending={log.isPending}
        isEmpty={(log.data ?? []).length === 0}
        minWidth={760}
        empty={<EmptyPlaceholder icon={<IconPlugConnected size={28} />} title={t('exchange1c.logEmpty')} description={t('exchange1c.logEmptyText')} />}
      >
        <Table.Thead>
          <Table.Tr>
            <Table.Th w={170}>{t('exchange1c.when')}</Table.Th>
            <Table.Th w={160}>{t('exchange1c.mode')}</Table.Th>
            <Table.Th w={150}>{t('exchange1c.file')}</Table.Th>
            <Table.Th w={110}>{t('exchange1c.result')}</Table.Th>
            <Table.Th>{t('exchange1c.details')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {(log.data ?? []).map((entry) => (
            <Table.Tr key={entry.id}>
              <Table.Td><Text size="sm">{formatDateTime(entry.occurred_at)}</Text></Table.Td>
              <Table.Td><Text size="sm">{entry.type} · {entry.mode}</Text></Table.Td>
              <Table.Td><Text size="sm">{entry.filename ?? '—'}</Text></Table.Td>
              <Table.Td><Badge variant="light" color={RESULT_COLORS[entry.result]}>{t(`exchange1c.results.${entry.result}`)}</Badge></Table.Td>
              <Table.Td>
                <Text size="sm">{Object.entries(entry.counts).map(([key, value]) => `${t(`exchange1c.counts.${key}`, { defaultValue: key })}: ${value}`).join(', ')}</Text>
                {entry.message && <Text size="xs" c={entry.result === 'failure' ? 'red' : 'dimmed'}>{entry.message}</Text>}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </SettingsTableCard>
      <ConfirmDialog
        opened={isConfirming}
        title={t('exchange1c.rotateTitle')}
        message={t('exchange1c.rotateText')}
        confirmLabel={t('exchange1c.rotate')}
        isPending={rotate.isPending}
        onConfirm={onRotate}
        onClose={() => setConfirming(false)}
      />
    </>
  );
}
