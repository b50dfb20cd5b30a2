import { Alert, Anchor, Badge, Box, Card, Center, Group, Loader, Stack, Text } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { describeError } from '../../api/problem-message.ts';
import { FieldValue } from './field-value.component.tsx';
import { useOwnerLabel } from './owner-name.component.tsx';
import { isUserField, optionLabel, recordTitle } from './record-fields.ts';
import { allOf } from './record-filter.ts';
import { useRecordGroups, useRecordPage, type ListCriteria } from './records.api.ts';
import type { FieldMeta, Filter, GroupCount, ObjectTypeMeta } from './records.types.ts';

const COLUMN_WIDTH = 272;
const CARDS_PER_COLUMN = 50;
const FIELDS_PER_CARD = 3;

/** Fields a kanban can group by: a handful of known values each. */
export const isGroupable = (field: FieldMeta) => field.kind === 'select' || field.kind === 'boolean' || isUserField(field);

interface KanbanColumnSpec {
  key: string;
  /** null: the records without a value. */
  value: unknown;
  label: string;
  count: number;
}

/** Select and yes/no fields show every value in order, even empty ones; members (owner, responsible) the ones that occur. */
function useColumnSpecs(field: FieldMeta, groups: GroupCount[]): KanbanColumnSpec[] {
  const { t, i18n } = useTranslation();
  const ownerLabel = useOwnerLabel();
  const counts = new Map(groups.map((group) => [JSON.stringify(group.value), group.count]));
  const countOf = (value: unknown) => counts.get(JSON.stringify(value)) ?? 0;
  const labelOf = (value: unknown): string => {
    if (field.kind === 'boolean') return value ? t('common.yes') : t('common.no');
    if (isUserField(field)) return ownerLabel(String(value));
    return optionLabel(field, String(value), i18n.language);
  };
  // A select's column per option; values of removed options get none, since filters refuse unknown options.
  const values: unknown[] = field.kind === 'select' ? [...(field.options ?? [])]
    : field.kind === 'boolean' ? [true, false]
    : groups.map((group) => group.value).filter((value) => value !== null);
  const columns = values.map((value) => ({ key: JSON.stringify(value), value, label: labelOf(value), count: countOf(value) }));
  if (counts.has('null')) columns.push({ key: 'null', value: null, label: t('records.emptyGroup'), count: countOf(null) });
  return columns;
}

interface KanbanColumnProps {
  objectType: ObjectTypeMeta;
  field: FieldMeta;
  column: KanbanColumnSpec;
  criteria: ListCriteria;
  cardFields: FieldMeta[];
}

function KanbanColumn({ objectType, field, column, criteria, cardFields }: KanbanColumnProps) {
  const { t } = useTranslation();
  const own: Filter = column.value === null ? { field: field.name, op: 'is_empty' } : { field: field.name, op: 'eq', value: column.value };
  const cards = useRecordPage(objectType, { ...criteria, filter: allOf(criteria.filter ?? null, own) }, CARDS_PER_COLUMN, column.count > 0);
  const records = cards.data ?? [];

  return (
    <Box
      component="section"
      aria-label={column.label}
      data-testid="kanban-column"
      style={{
        flex: `0 0 ${COLUMN_WIDTH}px`,
        display: 'flex',
        flexDirection: 'column',
        background: 'var(--mantine-color-gray-0)',
        borderRadius: 'var(--mantine-radius-md)',
        borderTop: '3px solid var(--mantine-color-blue-5)',
      }}
    >
      <Group justify="space-between" wrap="nowrap" gap="xs" p="sm" pb="xs">
        <Text fw={700} size="sm" truncate>{column.label}</Text>
        <Badge variant="light" color="gray">{column.count}</Badge>
      </Group>
      <Stack gap="xs" px="xs" pb="xs" style={{ flex: 1, maxHeight: '70vh', overflowY: 'auto' }}>
        {column.count > 0 && cards.isPending ? (
          <Center py="md"><Loader size="sm" /></Center>
        ) : records.length === 0 ? (
          <Text size="xs" c="dimmed" ta="center" py="lg">{t('records.emptyColumn')}</Text>
        ) : (
          records.map((record) => (
            <Card key={record.id} withBorder padding="sm" radius="md" shadow="xs" data-testid="kanban-card" style={{ flexShrink: 0 }}>
              <Anchor component={Link} to={`/${objectType.plural}/${record.id}`} size="sm" fw={500} style={{ wordBreak: 'break-word' }}>
                {recordTitle(objectType, record)}
              </Anchor>
              {cardFields.map((cardField) => (
                <Group key={cardField.name} gap={6} mt={4} wrap="nowrap">
                  <FieldValue field={cardField} objectType={objectType} record={record} isCompact />
                </Group>
              ))}
            </Card>
          ))
        )}
      </Stack>
      {column.count > records.length && records.length > 0 && (
        <Text size="xs" c="dimmed" ta="center" pb="xs">{t('records.shownOf', { shown: records.length, count: column.count })}</Text>
      )}
    </Box>
  );
}

interface RecordKanbanProps {
  objectType: ObjectTypeMeta;
  field: FieldMeta;
  criteria: ListCriteria;
  /** The list's columns; the first few show on each card. */
  columns: FieldMeta[];
}

/** Records in a column per value of a field, with the count of each; cards link to the record. */
export function RecordKanban({ objectType, field, criteria, columns }: RecordKanbanProps) {
  const groups = useRecordGroups(objectType, field.name, criteria);
  const specs = useColumnSpecs(field, groups.data ?? []);
  const cardFields = columns.filter((column) => column.name !== field.name).slice(0, FIELDS_PER_CARD);
  if (groups.isPending) return <Center py="xl"><Loader /></Center>;
  if (groups.isError) {
    const { title, detail } = describeError(groups.error);
    return <Alert m="sm" color="red" icon={<IconAlertTriangle size={18} />} title={title}>{detail}</Alert>;
  }

  return (
    <Box style={{ overflowX: 'auto' }} p="sm" data-testid="record-kanban">
      <Group align="stretch" wrap="nowrap" gap="sm" style={{ minWidth: 'min-content' }}>
        {specs.map((column) => (
          <KanbanColumn key={column.key} objectType={objectType} field={field} column={column} criteria={criteria} cardFields={cardFields} />
        ))}
      </Group>
    </Box>
  );
}
