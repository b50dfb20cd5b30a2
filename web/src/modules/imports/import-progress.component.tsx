import type { ReactNode } from 'react';
import { Alert, Button, Card, Center, Group, Loader, Paper, Progress, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { IconAlertTriangle, IconCircleCheck, IconDownload, IconPlayerStop } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { formatNumber } from '../../i18n/format.ts';
import { ERROR_PREVIEW_ROWS, importErrorsUrl, isImportActive, useCancelImport, useImport, useImportErrorPreview } from './imports.api.ts';
import { ImportStatusBadge } from './import-status.component.tsx';
import { describeRowError } from './import-errors.ts';
import type { ImportJob, ImportRowError } from './imports.types.ts';

const COUNTERS = ['created', 'updated', 'skipped', 'failed'] as const;

function ImportCounters({ job }: { job: ImportJob }) {
  const { t } = useTranslation();
  const counts = { created: job.rows_created, updated: job.rows_updated, skipped: job.rows_skipped, failed: job.rows_failed };
  return (
    <SimpleGrid cols={{ base: 2, sm: 4 }} spacing="sm">
      {COUNTERS.map((counter) => (
        <Paper key={counter} withBorder radius="md" p="sm" data-testid={`import-${counter}`}>
          <Text size="xs" c="dimmed" tt="uppercase" fw={600}>{t(`imports.progress.${counter}`)}</Text>
          <Text size="xl" fw={600} c={counter === 'failed' && counts.failed > 0 ? 'red' : undefined}>{formatNumber(counts[counter])}</Text>
        </Paper>
      ))}
    </SimpleGrid>
  );
}

function ImportOutcome({ job }: { job: ImportJob }) {
  const { t } = useTranslation();
  if (job.status === 'completed') {
    return (
      <Alert color="teal" icon={<IconCircleCheck size={18} />} title={t(job.is_dry_run ? 'imports.progress.dryRunCompleted' : 'imports.progress.completed')}>
        {job.is_dry_run && t('imports.progress.dryRunNote')}
      </Alert>
    );
  }
  if (job.status === 'failed') {
    return <Alert color="red" icon={<IconAlertTriangle size={18} />} title={t('imports.progress.failedTitle')}>{job.error}</Alert>;
  }
  if (job.status === 'cancelled') {
    return <Alert color="orange" icon={<IconPlayerStop size={18} />} title={t('imports.progress.cancelledTitle')}>{t('imports.progress.cancelledText')}</Alert>;
  }
  return null;
}

function RowErrorReason({ row }: { row: ImportRowError }) {
  const { reason, detail } = describeRowError(row);
  return (
    <>
      <Text size="sm">{reason}</Text>
      {detail && <Text size="xs" c="dimmed">{detail}</Text>}
    </>
  );
}

/** The first rows of the error report (reasons in the reader's language), and the whole report as a download. */
function ImportErrorPreview({ job }: { job: ImportJob }) {
  const { t } = useTranslation();
  const preview = useImportErrorPreview(job.id);
  const rows = preview.data ?? [];
  return (
    <Card withBorder padding={0} radius="md">
      <Group p="sm" justify="space-between" style={{ borderBottom: '1px solid var(--mantine-color-gray-3)' }}>
        <div>
          <Title order={5}>{t('imports.errors.title')}</Title>
          {rows.length === ERROR_PREVIEW_ROWS && (
            <Text size="xs" c="dimmed">{t('imports.errors.firstShown', { count: rows.length })}</Text>
          )}
        </div>
        <Button component="a" href={importErrorsUrl(job.id)} download variant="light" leftSection={<IconDownload size={16} />}>
          {t('imports.errors.download')}
        </Button>
      </Group>
      {preview.isPending ? (
        <Center py="lg"><Loader size="sm" /></Center>
      ) : (
        <Table.ScrollContainer minWidth={640}>
          <Table verticalSpacing="xs" horizontalSpacing="md" data-testid="import-errors">
            <Table.Thead>
              <Table.Tr>
                <Table.Th w={90}>{t('imports.errors.row')}</Table.Th>
                <Table.Th w={180}>{t('imports.errors.column')}</Table.Th>
                <Table.Th w={200}>{t('imports.errors.value')}</Table.Th>
                <Table.Th>{t('imports.errors.message')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((row, index) => (
                <Table.Tr key={index}>
                  <Table.Td><Text size="sm" ff="monospace">{row.row_number}</Text></Table.Td>
                  <Table.Td><Text size="sm">{row.column_name}</Text></Table.Td>
                  <Table.Td><Text size="sm" truncate maw={200}>{row.value}</Text></Table.Td>
                  <Table.Td><RowErrorReason row={row} /></Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Card>
  );
}

interface ImportProgressStepProps {
  importId: string;
  /** What a finished dry run offers next; absent when the file is no longer at hand. */
  afterDryRun?: ReactNode;
  onNewImport: () => void;
}

/** Step 3: progress while the import runs, then what it did and which rows it could not take. */
export function ImportProgressStep({ importId, afterDryRun, onNewImport }: ImportProgressStepProps) {
  const { t } = useTranslation();
  const query = useImport(importId);
  const cancel = useCancelImport(importId);
  const job = query.data;
  if (!job) return <Center py="xl"><Loader /></Center>;
  const isActive = isImportActive(job.status);

  return (
    <Stack gap="lg">
      <Card withBorder radius="md" padding="lg">
        <Stack gap="md">
          <Group justify="space-between">
            <Group gap="sm">
              <Text fw={600}>{job.file_name}</Text>
              <ImportStatusBadge job={job} />
            </Group>
            {isActive && (
              <Button variant="light" color="red" leftSection={<IconPlayerStop size={16} />} onClick={() => cancel.mutate()} loading={cancel.isPending}>
                {t('imports.progress.stop')}
              </Button>
            )}
          </Group>
          <div>
            <Progress value={job.progress * 100} size="lg" striped={isActive} animated={isActive} color={job.status === 'failed' ? 'red' : undefined} />
            <Group justify="space-between" mt={4}>
              <Text size="sm" c="dimmed" data-testid="import-rows">{t('imports.progress.rows', { count: job.rows_processed })}</Text>
              <Text size="sm" c="dimmed">{Math.round(job.progress * 100)}%</Text>
            </Group>
          </div>
          <ImportCounters job={job} />
          {job.is_dry_run && isActive && <Text size="sm" c="dimmed">{t('imports.progress.dryRunNote')}</Text>}
        </Stack>
      </Card>
      <ImportOutcome job={job} />
      {!isActive && job.rows_failed > 0 && <ImportErrorPreview job={job} />}
      {!isActive && (
        <Group justify="flex-end" gap="xs">
          <Button variant="default" onClick={onNewImport}>{t('imports.newImport')}</Button>
          {job.is_dry_run && job.status === 'completed' && afterDryRun}
        </Group>
      )}
    </Stack>
  );
}
