import { useState } from 'react';
import { Alert, Anchor, Badge, Button, Card, Center, Chip, Group, Loader, Stack, Table, Text, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconAlertTriangle, IconFilterOff, IconInbox, IconPlus, IconSearch } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { describeError } from '../../api/problem-message.ts';
import { formatDateTime } from '../../i18n/format.ts';
import { EmptyPlaceholder } from '../../shell/empty-placeholder.component.tsx';
import { NotFoundPage } from '../../shell/not-found.page.tsx';
import { PageHeader } from '../../shell/page-header.component.tsx';
import { useSession } from '../auth/auth.api.ts';
import { can } from '../auth/permissions.ts';
import { useOwnerLabel } from '../records/owner-name.component.tsx';
import { optionLabel, recordTitle } from '../records/record-fields.ts';
import { useObjectType, useRecordList } from '../records/records.api.ts';
import type { ObjectTypeMeta } from '../records/records.types.ts';
import { LeadCreateModal } from './lead-create.modal.tsx';
import { LeadSlaBadge, LeadStatusBadge } from './lead-badges.component.tsx';
import { isQuickFilter, QUICK_FILTERS, quickFilter, type QuickFilter } from './lead-filters.ts';
import type { LeadRecord } from './leads.types.ts';

function LeadTable({ objectType, leads }: { objectType: ObjectTypeMeta; leads: LeadRecord[] }) {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const ownerLabel = useOwnerLabel();
  const channelField = objectType.fields.find((field) => field.name === 'channel');

  return (
    <Table.ScrollContainer minWidth={960}>
      <Table highlightOnHover verticalSpacing="sm" horizontalSpacing="md" data-testid="lead-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th miw={200}>{t('leads.columns.name')}</Table.Th>
            <Table.Th>{t('leads.columns.company')}</Table.Th>
            <Table.Th>{t('leads.columns.channel')}</Table.Th>
            <Table.Th>{t('leads.columns.status')}</Table.Th>
            <Table.Th>{t('leads.columns.owner')}</Table.Th>
            <Table.Th miw={210}>{t('leads.columns.respondBy')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {leads.map((lead) => (
            <Table.Tr key={lead.id} onClick={() => navigate(`/leads/${lead.id}`)} style={{ cursor: 'pointer' }}>
              <Table.Td>
                <Anchor component={Link} to={`/leads/${lead.id}`} fw={500} size="sm" onClick={(event) => event.stopPropagation()}>
                  {recordTitle(objectType, lead)}
                </Anchor>
                <Text size="xs" c="dimmed">{formatDateTime(lead.created_at)}</Text>
              </Table.Td>
              <Table.Td><Text size="sm">{lead.company_name || '—'}</Text></Table.Td>
              <Table.Td>
                {lead.channel && channelField
                  ? <Badge variant="outline" color="gray">{optionLabel(channelField, lead.channel, i18n.language)}</Badge>
                  : <Text span c="dimmed" size="sm">—</Text>}
              </Table.Td>
              <Table.Td><LeadStatusBadge status={lead.status} /></Table.Td>
              <Table.Td data-testid="lead-owner">
                {lead.owner_id
                  ? <Text size="sm">{ownerLabel(lead.owner_id)}</Text>
                  : <Text size="sm" c="dimmed">{t('leads.unassigned')}</Text>}
              </Table.Td>
              <Table.Td data-testid="lead-sla">
                <Stack gap={2} align="flex-start">
                  <LeadSlaBadge lead={lead} />
                  {!lead.first_contacted_at && lead.first_response_due_at && (
                    <Text size="xs" c="dimmed">{formatDateTime(lead.first_response_due_at)}</Text>
                  )}
                </Stack>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

function LeadList({ objectType }: { objectType: ObjectTypeMeta }) {
  const { t } = useTranslation();
  const me = useSession();
  const [params, setParams] = useSearchParams();
  const show: QuickFilter = isQuickFilter(params.get('show')) ? (params.get('show') as QuickFilter) : 'all';
  // Fixed when the filter is picked, so the query stays the same while the list is open.
  const [pickedAt, setPickedAt] = useState(() => new Date().toISOString());
  const [search, setSearch] = useState('');
  const [q] = useDebouncedValue(search.trim(), 300);
  const [isCreating, setCreating] = useState(false);

  const records = useRecordList(objectType, { q, filter: quickFilter(show, pickedAt) }, { isSilent: true });
  const leads = (records.data?.pages.flatMap((page) => page.data) ?? []) as LeadRecord[];
  const canCreate = can(me, objectType.type, 'create');
  const isNarrowed = q !== '' || show !== 'all';

  const pick = (next: string) => {
    setPickedAt(new Date().toISOString());
    setParams(next === 'all' ? {} : { show: next }, { replace: true });
  };
  const showAll = () => {
    setSearch('');
    pick('all');
  };

  const renderBody = () => {
    if (records.isPending) return <Center py="xl"><Loader /></Center>;
    if (records.isError) {
      const { title, detail } = describeError(records.error);
      return <Alert m="sm" color="red" icon={<IconAlertTriangle size={18} />} title={title}>{detail}</Alert>;
    }
    if (leads.length === 0) {
      return isNarrowed ? (
        <EmptyPlaceholder
          icon={<IconFilterOff size={28} />}
          title={t('leads.nothingFoundTitle')}
          description={q ? t('leads.nothingFoundText', { query: q }) : t('leads.filteredText')}
          action={<Button variant="light" onClick={showAll}>{t('leads.showAll')}</Button>}
        />
      ) : (
        <EmptyPlaceholder
          icon={<IconInbox size={28} />}
          title={t('leads.emptyTitle')}
          description={t('leads.emptyText')}
          action={canCreate && <Button onClick={() => setCreating(true)} leftSection={<IconPlus size={16} />}>{t('leads.new')}</Button>}
        />
      );
    }
    return <LeadTable objectType={objectType} leads={leads} />;
  };

  return (
    <>
      <PageHeader
        title={t('leads.title')}
        description={t('leads.description')}
        actions={canCreate && <Button leftSection={<IconPlus size={16} />} onClick={() => setCreating(true)}>{t('leads.new')}</Button>}
      />
      <Card withBorder padding={0} radius="md">
        <Group p="sm" gap="xs" justify="space-between" style={{ borderBottom: '1px solid var(--mantine-color-gray-3)' }}>
          <Chip.Group value={show} onChange={pick}>
            <Group gap="xs" role="group" aria-label={t('leads.quickFilter')}>
              {QUICK_FILTERS.map((key) => (
                <Chip key={key} value={key} size="sm">{t(`leads.quick.${key}`)}</Chip>
              ))}
            </Group>
          </Chip.Group>
          <TextInput
            type="search"
            leftSection={<IconSearch size={16} />}
            rightSection={records.isFetching && !records.isFetchingNextPage ? <Loader size="xs" /> : null}
            placeholder={t('leads.searchPlaceholder')}
            aria-label={t('leads.searchPlaceholder')}
            value={search}
            onChange={(event) => setSearch(event.currentTarget.value)}
            w={{ base: '100%', sm: 280 }}
          />
        </Group>
        {renderBody()}
        {records.hasNextPage && (
          <Center p="md" style={{ borderTop: '1px solid var(--mantine-color-gray-3)' }}>
            <Button variant="default" onClick={() => void records.fetchNextPage()} loading={records.isFetchingNextPage}>
              {t('common.loadMore')}
            </Button>
          </Center>
        )}
      </Card>
      {leads.length > 0 && <Text size="xs" c="dimmed" mt="xs">{t('leads.shown', { count: leads.length })}</Text>}
      {isCreating && <LeadCreateModal objectType={objectType} onClose={() => setCreating(false)} />}
    </>
  );
}

/** The lead inbox: who has to answer whom, and by when. */
export function LeadListPage() {
  const { objectType, isLoading } = useObjectType('leads');
  if (isLoading) return <Center py="xl"><Loader /></Center>;
  if (!objectType) return <NotFoundPage />;
  return <LeadList objectType={objectType} />;
}
