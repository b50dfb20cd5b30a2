import { useState } from 'react';
import { Anchor, Button, Card, Center, Group, Loader, Table, Text, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconDatabaseOff, IconDownload, IconPlus, IconSearch } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { EmptyPlaceholder } from '../../shell/empty-placeholder.component.tsx';
import { NotFoundPage } from '../../shell/not-found.page.tsx';
import { PageHeader } from '../../shell/page-header.component.tsx';
import { useSession } from '../auth/auth.api.ts';
import { can } from '../auth/permissions.ts';
import { FieldValue } from './field-value.component.tsx';
import { RecordCreateModal } from './record-create.modal.tsx';
import { listColumns, localized, recordTitle } from './record-fields.ts';
import { exportUrl, useObjectType, useRecordList } from './records.api.ts';
import type { ObjectTypeMeta } from './records.types.ts';

function RecordList({ objectType }: { objectType: ObjectTypeMeta }) {
  const { t, i18n } = useTranslation();
  const me = useSession();
  const navigate = useNavigate();
  const [search, setSearch] = useState('');
  const [q] = useDebouncedValue(search.trim(), 300);
  const [isCreating, setCreating] = useState(false);
  const list = useRecordList(objectType.plural, q);

  const records = list.data?.pages.flatMap((page) => page.data) ?? [];
  const columns = listColumns(objectType, records);
  const canCreate = can(me, objectType.type, 'create');
  const title = localized(objectType.label_plural, i18n.language);
  const titleLabel = localized(objectType.fields.find((field) => field.name === objectType.title_field)?.label, i18n.language) || t('records.name');
  const open = (id: string) => navigate(`/${objectType.plural}/${id}`);

  return (
    <>
      <PageHeader
        title={title}
        actions={
          <>
            {can(me, objectType.type, 'export') && (
              <Button component="a" href={exportUrl(objectType.plural)} download variant="default" leftSection={<IconDownload size={16} />}>
                {t('records.exportCsv')}
              </Button>
            )}
            {canCreate && (
              <Button leftSection={<IconPlus size={16} />} onClick={() => setCreating(true)}>{t('common.create')}</Button>
            )}
          </>
        }
      />
      <Card withBorder padding={0} radius="md">
        <Group p="sm" style={{ borderBottom: '1px solid var(--mantine-color-gray-3)' }}>
          <TextInput
            type="search"
            leftSection={<IconSearch size={16} />}
            rightSection={list.isFetching && !list.isFetchingNextPage ? <Loader size="xs" /> : null}
            placeholder={t('records.searchPlaceholder', { type: title.toLowerCase() })}
            aria-label={t('records.searchPlaceholder', { type: title.toLowerCase() })}
            value={search}
            onChange={(event) => setSearch(event.currentTarget.value)}
            w={{ base: '100%', sm: 320 }}
          />
        </Group>
        {list.isPending ? (
          <Center py="xl"><Loader /></Center>
        ) : records.length === 0 ? (
          <EmptyPlaceholder
            icon={<IconDatabaseOff size={28} />}
            title={q ? t('records.nothingFoundTitle') : t('records.emptyTitle', { type: title.toLowerCase() })}
            description={q ? t('records.nothingFoundText', { query: q }) : canCreate ? t('records.emptyText') : undefined}
            action={!q && canCreate ? <Button onClick={() => setCreating(true)} leftSection={<IconPlus size={16} />}>{t('common.create')}</Button> : undefined}
          />
        ) : (
          <Table.ScrollContainer minWidth={Math.max(560, 180 * (columns.length + 1))}>
            <Table highlightOnHover verticalSpacing="sm" horizontalSpacing="md" data-testid="record-table">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th miw={200}>{titleLabel}</Table.Th>
                  {columns.map((field) => (
                    <Table.Th key={field.name}>{localized(field.label, i18n.language)}</Table.Th>
                  ))}
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {records.map((record) => (
                  <Table.Tr key={record.id} onClick={() => open(record.id)} style={{ cursor: 'pointer' }}>
                    <Table.Td>
                      <Anchor component={Link} to={`/${objectType.plural}/${record.id}`} fw={500} size="sm" onClick={(event) => event.stopPropagation()}>
                        {recordTitle(objectType, record)}
                      </Anchor>
                    </Table.Td>
                    {columns.map((field) => (
                      <Table.Td key={field.name}>
                        <FieldValue field={field} objectType={objectType} record={record} />
                      </Table.Td>
                    ))}
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
        {list.hasNextPage && (
          <Center p="md" style={{ borderTop: '1px solid var(--mantine-color-gray-3)' }}>
            <Button variant="default" onClick={() => void list.fetchNextPage()} loading={list.isFetchingNextPage}>
              {t('common.loadMore')}
            </Button>
          </Center>
        )}
      </Card>
      {records.length > 0 && (
        <Text size="xs" c="dimmed" mt="xs">{t('records.shown', { count: records.length })}</Text>
      )}
      {isCreating && <RecordCreateModal objectType={objectType} onClose={() => setCreating(false)} />}
    </>
  );
}

/** The list of any record type, found by the plural in the URL. */
export function RecordListPage() {
  const { plural = '' } = useParams();
  const { objectType, isLoading } = useObjectType(plural);
  if (isLoading) return <Center py="xl"><Loader /></Center>;
  if (!objectType) return <NotFoundPage />;
  // Keyed by type, so the search box and paging start fresh on another type.
  return <RecordList key={objectType.type} objectType={objectType} />;
}
