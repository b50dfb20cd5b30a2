import { Anchor, Badge, Card, Center, Loader, Table, Text, Title } from '@mantine/core';
import { IconFileImport } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../i18n/format.ts';
import { EmptyPlaceholder } from '../../shell/empty-placeholder.component.tsx';
import { localized } from '../records/record-fields.ts';
import type { ObjectTypeMeta } from '../records/records.types.ts';
import { useRecentImports } from './imports.api.ts';
import { ImportStatusBadge } from './import-status.component.tsx';
import type { ImportJob } from './imports.types.ts';

interface RecentImportsProps {
  objectTypes: ObjectTypeMeta[];
  onOpen: (job: ImportJob) => void;
}

/** The reader's own recent imports; a started one opens its progress and results. */
export function RecentImports({ objectTypes, onOpen }: RecentImportsProps) {
  const { t, i18n } = useTranslation();
  const imports = useRecentImports();
  const typeLabel = (type: string) => {
    const objectType = objectTypes.find((candidate) => candidate.type === type);
    return objectType ? localized(objectType.label_plural, i18n.language) : type;
  };

  const renderBody = () => {
    if (imports.isPending) return <Center py="xl"><Loader /></Center>;
    const jobs = imports.data ?? [];
    if (jobs.length === 0) {
      return <EmptyPlaceholder icon={<IconFileImport size={28} />} title={t('imports.recentEmpty')} description={t('imports.recentEmptyText')} />;
    }
    return (
      <Table.ScrollContainer minWidth={760}>
        <Table verticalSpacing="sm" horizontalSpacing="md" data-testid="recent-imports">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('imports.columns.file')}</Table.Th>
              <Table.Th w={130}>{t('imports.columns.type')}</Table.Th>
              <Table.Th w={220}>{t('imports.columns.status')}</Table.Th>
              <Table.Th>{t('imports.columns.result')}</Table.Th>
              <Table.Th w={170}>{t('imports.columns.when')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {jobs.map((job) => (
              <Table.Tr key={job.id}>
                <Table.Td>
                  {job.status === 'uploaded'
                    ? <Text size="sm">{job.file_name}</Text>
                    : <Anchor component="button" type="button" size="sm" fw={500} onClick={() => onOpen(job)}>{job.file_name}</Anchor>}
                </Table.Td>
                <Table.Td><Badge variant="outline" color="gray">{typeLabel(job.object_type)}</Badge></Table.Td>
                <Table.Td><ImportStatusBadge job={job} /></Table.Td>
                <Table.Td>
                  {job.status !== 'uploaded' && (
                    <Text size="sm" c="dimmed">
                      {t('imports.result', { created: job.rows_created, updated: job.rows_updated, skipped: job.rows_skipped, failed: job.rows_failed })}
                    </Text>
                  )}
                </Table.Td>
                <Table.Td><Text size="sm">{formatDateTime(job.created_at)}</Text></Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    );
  };

  return (
    <>
      <Title order={4} mt="xl" mb="sm">{t('imports.recent')}</Title>
      <Card withBorder padding={0} radius="md">{renderBody()}</Card>
    </>
  );
}
