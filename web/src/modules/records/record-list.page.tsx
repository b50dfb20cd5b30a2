import { useState } from 'react';
import { Alert, Button, Card, Center, Group, Loader, Select, Text, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconAlertTriangle, IconDatabaseOff, IconFilterOff, IconLayoutKanban, IconPlus, IconSearch } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router-dom';
import { describeError } from '../../api/problem-message.ts';
import { EmptyPlaceholder } from '../../shell/empty-placeholder.component.tsx';
import { NotFoundPage } from '../../shell/not-found.page.tsx';
import { PageHeader } from '../../shell/page-header.component.tsx';
import { useSession } from '../auth/auth.api.ts';
import { can } from '../auth/permissions.ts';
import { RecordCreateModal } from './record-create.modal.tsx';
import { ColumnChooser } from './record-columns.component.tsx';
import { listColumns, localized, selectableFields } from './record-fields.ts';
import { RecordExportButton } from './record-export.component.tsx';
import { FilterButton } from './record-filter.component.tsx';
import { isGroupable, RecordKanban } from './record-kanban.component.tsx';
import { useListState } from './record-list.hooks.ts';
import { RecordTable } from './record-table.component.tsx';
import { useObjectType, useRecordList } from './records.api.ts';
import { SavedViewBar } from './saved-views.component.tsx';
import type { ObjectTypeMeta } from './records.types.ts';

function RecordList({ objectType }: { objectType: ObjectTypeMeta }) {
  const { t, i18n } = useTranslation();
  const me = useSession();
  const [search, setSearch] = useState('');
  const [q] = useDebouncedValue(search.trim(), 300);
  const [isCreating, setCreating] = useState(false);
  const list = useListState(objectType.type);
  const { state } = list;

  const fields = selectableFields(me, objectType);
  const columns = listColumns(me, objectType, state.columns);
  const groupField = fields.find((field) => field.name === state.groupBy && isGroupable(field));
  const criteria = { q, filter: state.filter, sort: state.sort };
  const records = useRecordList(objectType, criteria, { isEnabled: list.isReady && !groupField, isSilent: true });
  const rows = records.data?.pages.flatMap((page) => page.data) ?? [];

  const canCreate = can(me, objectType.type, 'create');
  const title = localized(objectType.label_plural, i18n.language);
  const isNarrowed = q !== '' || state.filter !== null;
  const clearFilter = () => {
    setSearch('');
    list.update({ filter: null });
  };

  const renderTable = () => {
    if (records.isPending) return <Center py="xl"><Loader /></Center>;
    if (records.isError) {
      const { title: problem, detail } = describeError(records.error);
      return (
        <Alert m="sm" color="red" icon={<IconAlertTriangle size={18} />} title={problem}>
          {detail}
          {state.filter && <Button mt="sm" size="xs" variant="light" color="red" display="block" onClick={clearFilter}>{t('records.clearFilter')}</Button>}
        </Alert>
      );
    }
    if (rows.length === 0) {
      return isNarrowed ? (
        <EmptyPlaceholder
          icon={<IconFilterOff size={28} />}
          title={t('records.nothingFoundTitle')}
          description={q ? t('records.nothingFoundText', { query: q }) : t('records.filteredText')}
          action={<Button variant="light" onClick={clearFilter}>{q ? t('records.clearSearch') : t('records.clearFilter')}</Button>}
        />
      ) : (
        <EmptyPlaceholder
          icon={<IconDatabaseOff size={28} />}
          title={t('records.emptyTitle', { type: title.toLowerCase() })}
          description={canCreate ? t('records.emptyText') : undefined}
          action={canCreate ? <Button onClick={() => setCreating(true)} leftSection={<IconPlus size={16} />}>{t('common.create')}</Button> : undefined}
        />
      );
    }
    return <RecordTable objectType={objectType} columns={columns} records={rows} sort={state.sort} onSort={(sort) => list.update({ sort })} />;
  };

  return (
    <>
      <PageHeader
        title={title}
        actions={
          <>
            {can(me, objectType.type, 'export') && <RecordExportButton objectType={objectType} criteria={criteria} />}
            {canCreate && (
              <Button leftSection={<IconPlus size={16} />} onClick={() => setCreating(true)}>{t('common.create')}</Button>
            )}
          </>
        }
      />
      {list.isViewMissing && (
        <Alert color="gray" icon={<IconAlertTriangle size={18} />} mb="sm">{t('views.missing')}</Alert>
      )}
      <Card withBorder padding={0} radius="md">
        <Group p="sm" gap="xs" justify="space-between" style={{ borderBottom: '1px solid var(--mantine-color-gray-3)' }}>
          <SavedViewBar objectType={objectType.type} list={list} />
          <Group gap="xs">
            <TextInput
              type="search"
              leftSection={<IconSearch size={16} />}
              rightSection={records.isFetching && !records.isFetchingNextPage ? <Loader size="xs" /> : null}
              placeholder={t('records.searchPlaceholder', { type: title.toLowerCase() })}
              aria-label={t('records.searchPlaceholder', { type: title.toLowerCase() })}
              value={search}
              onChange={(event) => setSearch(event.currentTarget.value)}
              w={{ base: '100%', sm: 260 }}
            />
            <FilterButton fields={fields} filter={state.filter} onApply={(filter) => list.update({ filter })} />
            <ColumnChooser
              fields={fields.filter((field) => field.name !== objectType.title_field)}
              columns={columns.map((field) => field.name)}
              onChange={(next) => list.update({ columns: next })}
            />
            <Select
              aria-label={t('records.groupBy')}
              placeholder={t('records.groupBy')}
              leftSection={<IconLayoutKanban size={16} />}
              data={fields.filter(isGroupable).map((field) => ({ value: field.name, label: localized(field.label, i18n.language) }))}
              value={groupField?.name ?? null}
              onChange={(groupBy) => list.update({ groupBy })}
              clearable
              w={200}
              comboboxProps={{ withinPortal: true }}
            />
          </Group>
        </Group>
        {!list.isReady ? (
          <Center py="xl"><Loader /></Center>
        ) : groupField ? (
          // Keyed by field, so one field's groups never stand in for another's while loading.
          <RecordKanban key={groupField.name} objectType={objectType} field={groupField} criteria={criteria} columns={columns} />
        ) : (
          renderTable()
        )}
        {!groupField && records.hasNextPage && (
          <Center p="md" style={{ borderTop: '1px solid var(--mantine-color-gray-3)' }}>
            <Button variant="default" onClick={() => void records.fetchNextPage()} loading={records.isFetchingNextPage}>
              {t('common.loadMore')}
            </Button>
          </Center>
        )}
      </Card>
      {!groupField && rows.length > 0 && (
        <Text size="xs" c="dimmed" mt="xs">{t('records.shown', { count: rows.length })}</Text>
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
