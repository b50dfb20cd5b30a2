import { useMemo, useState, type ReactNode } from 'react';
import { ActionIcon, Autocomplete, Button, Group, Select, Stack, Table, Text } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconTrash } from '@tabler/icons-react';
import { keepPreviousData, useQuery, type QueryKey } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';

interface RecordLinksTableProps<Draft> {
  drafts: Draft[];
  keyOf: (draft: Draft) => string;
  /** Shown instead of the table while the list is empty. */
  empty: ReactNode;
  /** Below this width the table scrolls sideways. */
  minWidth: number;
  /** The head cells, the remove column's left out. */
  head: ReactNode;
  /** A row's cells, the remove column's left out. */
  cells: (draft: Draft) => ReactNode;
  rowTestId: string;
  /** Without it there is no remove column. */
  canEdit: boolean;
  /** Left out: every row may go. */
  isRemovable?: (draft: Draft) => boolean;
  removeLabel: (draft: Draft) => string;
  onRemove: (key: string) => void;
}

/** The rows of a record's linked records, each with a remove button for an editor; an empty state while there are none. */
export function RecordLinksTable<Draft>(props: RecordLinksTableProps<Draft>) {
  const { drafts, keyOf, empty, minWidth, head, cells, rowTestId, canEdit, isRemovable = () => true, removeLabel, onRemove } = props;
  if (drafts.length === 0) return empty;
  return (
    <Table.ScrollContainer minWidth={minWidth}>
      <Table verticalSpacing="xs">
        <Table.Thead>
          <Table.Tr>
            {head}
            {canEdit && <Table.Th w={40} />}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {drafts.map((draft) => (
            <Table.Tr key={keyOf(draft)} data-testid={rowTestId}>
              {cells(draft)}
              {canEdit && (
                <Table.Td>
                  {isRemovable(draft) && (
                    <ActionIcon variant="subtle" color="red" aria-label={removeLabel(draft)} onClick={() => onRemove(keyOf(draft))}>
                      <IconTrash size={16} />
                    </ActionIcon>
                  )}
                </Table.Td>
              )}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

interface RecordLinkRoleProps {
  canEdit: boolean;
  /** The input's accessible name, which names the row. */
  label: string;
  placeholder: string;
  /** Offered while typing; any other role may be typed. */
  suggestions: string[];
  value: string | null;
  error?: string;
  onChange: (role: string) => void;
}

/** A linked record's role on the record, e.g. a contact's on a deal: typed by an editor, read by anyone else. */
export function RecordLinkRole({ canEdit, label, placeholder, suggestions, value, error, onChange }: RecordLinkRoleProps) {
  if (!canEdit) return <Text size="sm" c={value ? undefined : 'dimmed'}>{value ?? '—'}</Text>;
  return (
    <Autocomplete
      size="xs"
      aria-label={label}
      placeholder={placeholder}
      data={suggestions}
      maxLength={100}
      value={value ?? ''}
      error={error}
      onChange={onChange}
      comboboxProps={{ withinPortal: true }}
    />
  );
}

interface RecordLinksActionsProps {
  isDirty: boolean;
  isSaving: boolean;
  onReset: () => void;
  /** Stands left of the buttons, e.g. an adder. */
  leftSection?: ReactNode;
}

/** Reset and save for a list of linked records; save submits the form around them. */
export function RecordLinksActions({ isDirty, isSaving, onReset, leftSection }: RecordLinksActionsProps) {
  const { t } = useTranslation();
  return (
    <Group justify="space-between" align="flex-end">
      {leftSection ?? <div />}
      <Group>
        <Button variant="default" disabled={!isDirty || isSaving} onClick={onReset}>{t('common.reset')}</Button>
        <Button type="submit" disabled={!isDirty} loading={isSaving}>{t('common.save')}</Button>
      </Group>
    </Group>
  );
}

/** A server search for a typed text, in TanStack Query's terms. */
export interface RecordSearchQuery<Hit> {
  queryKey: QueryKey;
  queryFn: () => Promise<Hit[]>;
}

interface RecordSearchAdderProps<Hit extends { id: string }> {
  /** Asked only once the list has been opened. */
  searchQuery: (q: string) => RecordSearchQuery<Hit>;
  /** Ids already listed, left out of the options. */
  excluded: ReadonlySet<string>;
  labelOf: (hit: Hit) => string;
  /** The option's dimmed second line. */
  detailsOf: (hit: Hit) => string;
  onAdd: (hit: Hit) => void;
  label?: string;
  /** For an adder without a visible label. */
  ariaLabel?: string;
  placeholder: string;
  w: number;
}

/** Finds a record to add to a list by the server's search; the choice is handed over and the select empties again. */
export function RecordSearchAdder<Hit extends { id: string }>(props: RecordSearchAdderProps<Hit>) {
  const { searchQuery, excluded, labelOf, detailsOf, onAdd, label, ariaLabel, placeholder, w } = props;
  const { t } = useTranslation();
  const [search, setSearch] = useState('');
  const [debounced] = useDebouncedValue(search, 250);
  const [isOpened, setOpened] = useState(false);
  const hits = useQuery({ ...searchQuery(debounced), placeholderData: keepPreviousData, enabled: isOpened });
  const found = useMemo(() => (hits.data ?? []).filter((hit) => !excluded.has(hit.id)), [hits.data, excluded]);
  const byId = new Map(found.map((hit) => [hit.id, hit]));

  return (
    <Select
      label={label}
      aria-label={ariaLabel}
      placeholder={placeholder}
      data={found.map((hit) => ({ value: hit.id, label: labelOf(hit) }))}
      value={null}
      onChange={(id) => {
        const hit = id ? byId.get(id) : undefined;
        if (hit) onAdd(hit);
        setSearch('');
      }}
      searchable
      searchValue={search}
      onSearchChange={setSearch}
      onDropdownOpen={() => setOpened(true)}
      filter={({ options }) => options}
      renderOption={({ option }) => {
        const hit = byId.get(option.value);
        return (
          <Stack gap={0}>
            <Text size="sm">{option.label}</Text>
            <Text size="xs" c="dimmed">{hit ? detailsOf(hit) : ''}</Text>
          </Stack>
        );
      }}
      nothingFoundMessage={hits.isFetching ? t('common.loading') : t('common.nothingFound')}
      comboboxProps={{ withinPortal: true }}
      w={w}
    />
  );
}
