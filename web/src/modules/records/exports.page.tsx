import { ActionIcon, Badge, Button, Card, Center, Loader, Table, Text, Tooltip } from '@mantine/core';
import { IconDownload, IconFileExport, IconPlayerStop } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { formatBytes, formatDateTime } from '../../i18n/format.ts';
import { EmptyPlaceholder } from '../../shell/empty-placeholder.component.tsx';
import { PageHeader } from '../../shell/page-header.component.tsx';
import { ExportProgress, ExportStatusBadge } from './export-status.component.tsx';
import { exportDownloadUrl, isExportActive, isExportReady, useCancelExport, useMyExports } from './exports.api.ts';
import type { ExportJob } from './exports.types.ts';
import { localized } from './record-fields.ts';
import { useObjectTypes } from './records.api.ts';

const dimmedDash = <Text span size="sm" c="dimmed">—</Text>;

function ExportActions({ job }: { job: ExportJob }) {
  const { t } = useTranslation();
  const cancel = useCancelExport();
  if (isExportReady(job)) {
    return (
      <Button component="a" href={exportDownloadUrl(job.id)} download size="xs" variant="light" leftSection={<IconDownload size={14} />}>
        {t('exports.download')}
      </Button>
    );
  }
  if (!isExportActive(job.status)) return null;
  return (
    <Tooltip label={t('exports.cancel')}>
      <ActionIcon variant="subtle" color="red" aria-label={t('exports.cancel')} onClick={() => cancel.mutate(job.id)} loading={cancel.isPending}>
        <IconPlayerStop size={16} />
      </ActionIcon>
    </Tooltip>
  );
}

/** The reader's own background exports: progress, and the files while they are kept. */
export function ExportsPage() {
  const { t, i18n } = useTranslation();
  const exports = useMyExports();
  const objectTypes = useObjectTypes();
  const typeLabel = (type: string) => {
    const objectType = objectTypes.data?.find((candidate) => candidate.type === type);
    return objectType ? localized(objectType.label_plural, i18n.language) : type;
  };

  const renderBody = () => {
    if (exports.isPending) return <Center py="xl"><Loader /></Center>;
    const jobs = exports.data ?? [];
    if (jobs.length === 0) {
      return <EmptyPlaceholder icon={<IconFileExport size={28} />} title={t('exports.empty')} description={t('exports.emptyText')} />;
    }
    return (
      <Table.ScrollContainer minWidth={960}>
        <Table verticalSpacing="sm" horizontalSpacing="md" data-testid="my-exports">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('exports.columns.list')}</Table.Th>
              <Table.Th w={130}>{t('exports.columns.status')}</Table.Th>
              <Table.Th w={220}>{t('exports.columns.progress')}</Table.Th>
              <Table.Th w={100}>{t('exports.columns.size')}</Table.Th>
              <Table.Th w={170}>{t('exports.columns.created')}</Table.Th>
              <Table.Th w={170}>{t('exports.columns.expires')}</Table.Th>
              <Table.Th w={130} />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {jobs.map((job) => (
              <Table.Tr key={job.id} data-testid="export-row">
                <Table.Td>
                  <Text size="sm" fw={500} span>{typeLabel(job.object_type)}</Text>{' '}
                  <Badge variant="outline" color="gray" size="sm">{t(`exports.formats.${job.format}`)}</Badge>
                  {job.error && <Text size="xs" c="red" mt={4}>{job.error}</Text>}
                </Table.Td>
                <Table.Td><ExportStatusBadge job={job} /></Table.Td>
                <Table.Td><ExportProgress job={job} size="sm" /></Table.Td>
                <Table.Td>{job.file_bytes === null ? dimmedDash : <Text size="sm" style={{ whiteSpace: 'nowrap' }}>{formatBytes(job.file_bytes)}</Text>}</Table.Td>
                <Table.Td><Text size="sm">{formatDateTime(job.created_at)}</Text></Table.Td>
                <Table.Td>{job.status === 'completed' ? <Text size="sm">{formatDateTime(job.expires_at)}</Text> : dimmedDash}</Table.Td>
                <Table.Td><ExportActions job={job} /></Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    );
  };

  return (
    <>
      <PageHeader title={t('exports.title')} description={t('exports.description')} />
      <Card withBorder padding={0} radius="md">{renderBody()}</Card>
    </>
  );
}
