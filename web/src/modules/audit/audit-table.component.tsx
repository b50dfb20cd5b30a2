import { Fragment, useState } from 'react';
import { ActionIcon, Anchor, Badge, Button, Center, Code, Table, Text } from '@mantine/core';
import { IconChevronDown, IconChevronRight, IconHistory } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { formatDateTime, formatPlainValue } from '../../i18n/format.ts';
import { EmptyPlaceholder } from '../../shell/empty-placeholder.component.tsx';
import type { AuditChange, AuditEntry } from './audit.types.ts';

interface AuditTableProps {
  entries: AuditEntry[];
  /** The record history shows one entity, so the entity column is noise there. */
  showEntity?: boolean;
  /** Names an entity type for people, e.g. 'person' → 'People'. */
  entityLabel?: (entityType: string) => string;
  /** Where an entity can be opened, if anywhere. */
  entityHref?: (entry: AuditEntry) => string | undefined;
  hasMore: boolean;
  isLoadingMore: boolean;
  onLoadMore: () => void;
}

const ACTION_COLORS: Record<string, string> = { create: 'teal', update: 'blue', delete: 'red' };

function actionColor(action: string): string {
  const verb = action.split('.').pop() ?? action;
  return ACTION_COLORS[verb] ?? 'gray';
}

function ChangesTable({ changes }: { changes: Record<string, AuditChange> }) {
  const { t } = useTranslation();
  const fields = Object.entries(changes);
  if (fields.length === 0) return <Text size="sm" c="dimmed">{t('audit.noChanges')}</Text>;
  return (
    <Table withTableBorder layout="fixed" fz="sm">
      <Table.Thead>
        <Table.Tr>
          <Table.Th w="25%">{t('audit.field')}</Table.Th>
          <Table.Th>{t('audit.before')}</Table.Th>
          <Table.Th>{t('audit.after')}</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {fields.map(([field, change]) => (
          <Table.Tr key={field}>
            <Table.Td><Code>{field}</Code></Table.Td>
            <Table.Td c="red.8" style={{ wordBreak: 'break-word' }}>{formatPlainValue(change.before)}</Table.Td>
            <Table.Td c="teal.8" style={{ wordBreak: 'break-word' }}>→ {formatPlainValue(change.after)}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

export function AuditTable({ entries, showEntity = true, entityLabel, entityHref, hasMore, isLoadingMore, onLoadMore }: AuditTableProps) {
  const { t } = useTranslation();
  const [expanded, setExpanded] = useState<Set<string>>(new Set());

  if (entries.length === 0) {
    return <EmptyPlaceholder icon={<IconHistory size={28} />} title={t('audit.emptyTitle')} description={t('audit.emptyText')} />;
  }

  const toggle = (id: string) =>
    setExpanded((current) => {
      const next = new Set(current);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  const columnCount = showEntity ? 5 : 4;

  return (
    <>
      <Table.ScrollContainer minWidth={640}>
        <Table verticalSpacing="xs" highlightOnHover>
          <Table.Thead>
            <Table.Tr>
              <Table.Th w={40} />
              <Table.Th w={190}>{t('audit.when')}</Table.Th>
              <Table.Th>{t('audit.actor')}</Table.Th>
              <Table.Th w={160}>{t('audit.action')}</Table.Th>
              {showEntity && <Table.Th>{t('audit.entity')}</Table.Th>}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {entries.map((entry) => {
              const isOpen = expanded.has(entry.id);
              const changeCount = Object.keys(entry.changes ?? {}).length;
              return (
                <Fragment key={entry.id}>
                  <Table.Tr onClick={() => toggle(entry.id)} style={{ cursor: 'pointer' }}>
                    <Table.Td>
                      <ActionIcon
                        variant="subtle"
                        color="gray"
                        size="sm"
                        aria-label={isOpen ? t('audit.collapse') : t('audit.expand')}
                        aria-expanded={isOpen}
                      >
                        {isOpen ? <IconChevronDown size={16} /> : <IconChevronRight size={16} />}
                      </ActionIcon>
                    </Table.Td>
                    <Table.Td>{formatDateTime(entry.occurred_at)}</Table.Td>
                    <Table.Td>
                      <Text size="sm">{entry.actor_name ?? entry.actor_id ?? '—'}</Text>
                      <Text size="xs" c="dimmed">{entry.actor_type}</Text>
                    </Table.Td>
                    <Table.Td>
                      <Badge variant="light" color={actionColor(entry.action)}>{entry.action}</Badge>
                      {changeCount > 0 && (
                        <Text span size="xs" c="dimmed" ml={6}>{t('audit.fieldCount', { count: changeCount })}</Text>
                      )}
                    </Table.Td>
                    {showEntity && (
                      <Table.Td>
                        <Text size="sm">{entityLabel?.(entry.entity_type) ?? entry.entity_type}</Text>
                        {entityHref?.(entry) ? (
                          <Anchor component={Link} to={entityHref(entry) ?? ''} size="xs" ff="monospace" onClick={(event) => event.stopPropagation()}>
                            {entry.entity_id}
                          </Anchor>
                        ) : (
                          <Text size="xs" c="dimmed" ff="monospace">{entry.entity_id}</Text>
                        )}
                      </Table.Td>
                    )}
                  </Table.Tr>
                  {isOpen && (
                    <Table.Tr>
                      <Table.Td colSpan={columnCount} bg="gray.0">
                        <ChangesTable changes={entry.changes ?? {}} />
                        {entry.request_id && (
                          <Text size="xs" c="dimmed" mt={6}>{t('audit.requestId')}: <Code>{entry.request_id}</Code></Text>
                        )}
                      </Table.Td>
                    </Table.Tr>
                  )}
                </Fragment>
              );
            })}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {hasMore && (
        <Center py="md">
          <Button variant="default" onClick={onLoadMore} loading={isLoadingMore}>{t('common.loadMore')}</Button>
        </Center>
      )}
    </>
  );
}
