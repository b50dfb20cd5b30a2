import { Anchor, Group, Table, UnstyledButton } from '@mantine/core';
import { IconChevronDown, IconChevronUp, IconSelector } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router-dom';
import { FieldValue } from './field-value.component.tsx';
import { isSortable, localized, recordTitle } from './record-fields.ts';
import type { FieldMeta, ObjectTypeMeta, RecordData } from './records.types.ts';

/** A header click sorts ascending, then descending, then goes back to the default order. */
export function nextSort(sort: string | null, name: string): string | null {
  if (sort === name) return `-${name}`;
  if (sort === `-${name}`) return null;
  return name;
}

interface SortableHeaderProps {
  name: string;
  label: string;
  sort: string | null;
  isEnabled: boolean;
  onSort: (sort: string | null) => void;
  miw?: number;
}

function SortableHeader({ name, label, sort, isEnabled, onSort, miw }: SortableHeaderProps) {
  if (!isEnabled) return <Table.Th miw={miw}>{label}</Table.Th>;
  const direction = sort === name ? 'ascending' : sort === `-${name}` ? 'descending' : 'none';
  const Icon = direction === 'ascending' ? IconChevronUp : direction === 'descending' ? IconChevronDown : IconSelector;
  return (
    <Table.Th miw={miw} aria-sort={direction}>
      <UnstyledButton onClick={() => onSort(nextSort(sort, name))} fw={700} fz="sm">
        <Group gap={4} wrap="nowrap">
          {label}
          <Icon size={14} color={direction === 'none' ? 'var(--mantine-color-gray-5)' : undefined} />
        </Group>
      </UnstyledButton>
    </Table.Th>
  );
}

interface RecordTableProps {
  objectType: ObjectTypeMeta;
  columns: FieldMeta[];
  records: RecordData[];
  sort: string | null;
  onSort: (sort: string | null) => void;
}

/** The records as rows: the title first, then the chosen columns, each header sorting by its field. */
export function RecordTable({ objectType, columns, records, sort, onSort }: RecordTableProps) {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const titleLabel = localized(objectType.fields.find((field) => field.name === objectType.title_field)?.label, i18n.language) || t('records.name');

  return (
    <Table.ScrollContainer minWidth={Math.max(560, 180 * (columns.length + 1))}>
      <Table highlightOnHover verticalSpacing="sm" horizontalSpacing="md" data-testid="record-table">
        <Table.Thead>
          <Table.Tr>
            <SortableHeader name={objectType.title_field} label={titleLabel} sort={sort} isEnabled onSort={onSort} miw={200} />
            {columns.map((field) => (
              <SortableHeader
                key={field.name}
                name={field.name}
                label={localized(field.label, i18n.language)}
                sort={sort}
                isEnabled={isSortable(field)}
                onSort={onSort}
              />
            ))}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {records.map((record) => (
            <Table.Tr key={record.id} onClick={() => navigate(`/${objectType.plural}/${record.id}`)} style={{ cursor: 'pointer' }}>
              <Table.Td>
                <Anchor component={Link} to={`/${objectType.plural}/${record.id}`} fw={500} size="sm" onClick={(event) => event.stopPropagation()}>
                  {recordTitle(objectType, record)}
                </Anchor>
              </Table.Td>
              {columns.map((field) => (
                <Table.Td key={field.name}>
                  <FieldValue field={field} objectType={objectType} record={record} isCompact />
                </Table.Td>
              ))}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
