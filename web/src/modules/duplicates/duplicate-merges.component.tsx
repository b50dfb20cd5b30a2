import { Anchor, Button, Card, Center, Loader, Table, Text, Title } from '@mantine/core';
import { IconArrowBackUp, IconArrowMerge } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { formatDateTime } from '../../i18n/format.ts';
import { EmptyPlaceholder } from '../../shell/empty-placeholder.component.tsx';
import { recordTitle } from '../records/record-fields.ts';
import { useRecord } from '../records/records.api.ts';
import type { ObjectTypeMeta } from '../records/records.types.ts';
import { useMerges } from './duplicates.api.ts';

function RecordLink({ objectType, id }: { objectType: ObjectTypeMeta; id: string }) {
  const { data } = useRecord(objectType, id, { isSilent: true });
  return <Anchor component={Link} to={`/${objectType.plural}/${id}`} size="sm">{data ? recordTitle(objectType, data) : id.slice(0, 8)}</Anchor>;
}

interface RecentMergesProps {
  objectType: ObjectTypeMeta;
  undoingId: string | null;
  onUndo: (mergeId: string) => void;
}

/** Merges of the type, newest first; those not yet undone can be. */
export function RecentMerges({ objectType, undoingId, onUndo }: RecentMergesProps) {
  const { t } = useTranslation();
  const merges = useMerges(objectType.type);

  const renderBody = () => {
    if (merges.isPending) return <Center py="xl"><Loader /></Center>;
    const rows = merges.data ?? [];
    if (rows.length === 0) return <EmptyPlaceholder icon={<IconArrowMerge size={28} />} title={t('duplicates.recentMergesEmpty')} />;
    return (
      <Table.ScrollContainer minWidth={720}>
        <Table verticalSpacing="sm" horizontalSpacing="md" data-testid="recent-merges">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('duplicates.mergeColumns.merged')}</Table.Th>
              <Table.Th>{t('duplicates.mergeColumns.survivor')}</Table.Th>
              <Table.Th w={180}>{t('duplicates.mergeColumns.when')}</Table.Th>
              <Table.Th w={200} />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((merge) => (
              <Table.Tr key={merge.id}>
                <Table.Td>
                  {merge.undone_at
                    ? <RecordLink objectType={objectType} id={merge.merged_id} />
                    : <Text size="sm" td="line-through" c="dimmed">{recordTitle(objectType, merge.merged_row)}</Text>}
                </Table.Td>
                <Table.Td><RecordLink objectType={objectType} id={merge.survivor_id} /></Table.Td>
                <Table.Td><Text size="sm">{formatDateTime(merge.created_at)}</Text></Table.Td>
                <Table.Td ta="right">
                  {merge.undone_at ? (
                    <Text size="sm" c="dimmed">{t('duplicates.undoneAt', { when: formatDateTime(merge.undone_at) })}</Text>
                  ) : (
                    <Button
                      size="xs"
                      variant="subtle"
                      leftSection={<IconArrowBackUp size={14} />}
                      onClick={() => onUndo(merge.id)}
                      loading={undoingId === merge.id}
                    >
                      {t('duplicates.undo')}
                    </Button>
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    );
  };

  return (
    <>
      <Title order={4} mt="xl" mb="sm">{t('duplicates.recentMerges')}</Title>
      <Card withBorder padding={0} radius="md">{renderBody()}</Card>
    </>
  );
}
