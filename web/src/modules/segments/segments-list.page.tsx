import { Anchor, Badge, Button, Card, Center, Loader, Table, Text } from '@mantine/core';
import { IconFilterStar, IconPlus } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { formatDateTime, formatNumber } from '../../i18n/format.ts';
import { EmptyPlaceholder } from '../../shell/empty-placeholder.component.tsx';
import { PageHeader } from '../../shell/page-header.component.tsx';
import { useSession } from '../auth/auth.api.ts';
import { canEditSegments } from './segments.permissions.ts';
import { useSegments } from './segments.api.ts';

/** Marketing → Segments: every segment and list with its size. */
export function SegmentsListPage() {
  const { t } = useTranslation();
  const me = useSession();
  const segments = useSegments();
  const create = canEditSegments(me) && (
    <Button component={Link} to="/marketing/segments/new" leftSection={<IconPlus size={16} />}>{t('segments.create')}</Button>
  );
  const list = segments.data?.data ?? [];
  return (
    <>
      <PageHeader title={t('segments.title')} description={t('segments.description')} actions={create || undefined} />
      {segments.isPending ? (
        <Center py="xl"><Loader /></Center>
      ) : list.length === 0 ? (
        <EmptyPlaceholder icon={<IconFilterStar size={28} />} title={t('segments.empty')} description={t('segments.emptyHint')} action={create || undefined} />
      ) : (
        <Card withBorder padding={0}>
          <Table.ScrollContainer minWidth={600}>
            <Table highlightOnHover data-testid="segments-table">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('segments.columns.name')}</Table.Th>
                  <Table.Th>{t('segments.columns.kind')}</Table.Th>
                  <Table.Th ta="right">{t('segments.columns.size')}</Table.Th>
                  <Table.Th>{t('segments.columns.updated')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {list.map((segment) => (
                  <Table.Tr key={segment.id}>
                    <Table.Td>
                      <Anchor component={Link} to={`/marketing/segments/${segment.id}`} fw={500}>{segment.name}</Anchor>
                      {segment.description && <Text size="xs" c="dimmed" lineClamp={1}>{segment.description}</Text>}
                    </Table.Td>
                    <Table.Td><Badge variant="light" color={segment.kind === 'dynamic' ? 'blue' : 'gray'}>{t(`segments.kinds.${segment.kind}`)}</Badge></Table.Td>
                    <Table.Td ta="right">{formatNumber(segment.member_count)}</Table.Td>
                    <Table.Td>{formatDateTime(segment.updated_at)}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </Card>
      )}
    </>
  );
}
