import { useMemo, useState, type FormEvent } from 'react';
import { ActionIcon, Anchor, Autocomplete, Badge, Button, Center, Group, Loader, Select, Stack, Table, Text } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconTrash, IconUsers } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { isApiError } from '../../api/http.client.ts';
import { notifyError, notifySuccess } from '../../api/query.client.ts';
import { EmptyPlaceholder } from '../../shell/empty-placeholder.component.tsx';
import { useSession } from '../auth/auth.api.ts';
import { can } from '../auth/permissions.ts';
import type { RecordTabProps } from '../records/index.ts';
import { useDealContacts, usePersonSearch, useSaveDealContacts } from './deal-parts.api.ts';
import type { DealContact, PersonHit } from './deal-parts.types.ts';

const MAX_CONTACTS = 100;
const ROLE_KEYS = ['decisionMaker', 'influencer', 'accountant', 'technical', 'user'] as const;

/** Shown for a person the reader may not see, or whose name is hidden from them. */
const personLabel = (contact: Pick<DealContact, 'person_id' | 'full_name'>) => contact.full_name || contact.person_id.slice(0, 8);

const contactOf = (person: PersonHit): DealContact => ({
  person_id: person.id, role: null, is_primary: false,
  full_name: person.full_name ?? null, email: person.email ?? null, phone: person.phone ?? null, job_title: person.job_title ?? null,
});

/** Whether the drafts differ from the saved contacts in who is on the deal or their roles. */
function isChanged(drafts: DealContact[], saved: DealContact[]): boolean {
  return drafts.length !== saved.length
    || drafts.some((draft, index) => draft.person_id !== saved[index]?.person_id || (draft.role ?? '') !== (saved[index]?.role ?? ''));
}

/** Finds a person to add by name, email or phone; people already on the deal are left out. */
function PersonAdder({ excluded, onAdd }: { excluded: Set<string>; onAdd: (person: PersonHit) => void }) {
  const { t } = useTranslation();
  const [search, setSearch] = useState('');
  const [debounced] = useDebouncedValue(search, 250);
  const [isOpened, setOpened] = useState(false);
  const people = usePersonSearch(debounced, isOpened);
  const found = useMemo(() => (people.data ?? []).filter((person) => !excluded.has(person.id)), [people.data, excluded]);
  const byId = new Map(found.map((person) => [person.id, person]));

  return (
    <Select
      aria-label={t('dealContacts.add')}
      placeholder={t('dealContacts.addPlaceholder')}
      data={found.map((person) => ({ value: person.id, label: person.full_name || person.email || person.id.slice(0, 8) }))}
      value={null}
      onChange={(id) => {
        const person = id ? byId.get(id) : undefined;
        if (person) onAdd(person);
        setSearch('');
      }}
      searchable
      searchValue={search}
      onSearchChange={setSearch}
      onDropdownOpen={() => setOpened(true)}
      filter={({ options }) => options}
      renderOption={({ option }) => {
        const person = byId.get(option.value);
        return (
          <Stack gap={0}>
            <Text size="sm">{option.label}</Text>
            <Text size="xs" c="dimmed">{[person?.job_title, person?.email].filter(Boolean).join(' · ')}</Text>
          </Stack>
        );
      }}
      nothingFoundMessage={people.isFetching ? t('common.loading') : t('common.nothingFound')}
      comboboxProps={{ withinPortal: true }}
      w={360}
    />
  );
}

function ContactDetails({ contact }: { contact: DealContact }) {
  const details = [contact.job_title, contact.email, contact.phone].filter(Boolean).join(' · ');
  return (
    <Stack gap={0}>
      <Group gap="xs" wrap="nowrap">
        <Anchor component={Link} to={`/people/${contact.person_id}`} size="sm" fw={500}>{personLabel(contact)}</Anchor>
        {contact.is_primary && <PrimaryBadge />}
      </Group>
      {details && <Text size="xs" c="dimmed">{details}</Text>}
    </Stack>
  );
}

function PrimaryBadge() {
  const { t } = useTranslation();
  return <Badge size="sm" variant="light">{t('dealContacts.primary')}</Badge>;
}

interface DealContactsEditorProps {
  contacts: DealContact[];
  /** Held by the tab: a save gives the editor new contacts and so remounts it, which must not drop the save's callbacks. */
  save: ReturnType<typeof useSaveDealContacts>;
  canEdit: boolean;
}

function DealContactsEditor({ contacts, save, canEdit }: DealContactsEditorProps) {
  const { t } = useTranslation();
  const me = useSession();
  const [drafts, setDrafts] = useState<DealContact[]>(contacts);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const excluded = useMemo(() => new Set(drafts.map((draft) => draft.person_id)), [drafts]);
  const roleSuggestions = ROLE_KEYS.map((key) => t(`dealContacts.roles.${key}`));
  const isDirty = isChanged(drafts, contacts);
  const canAdd = canEdit && can(me, 'person', 'read') && drafts.length < MAX_CONTACTS;

  const setRole = (personId: string, role: string) => {
    setDrafts((current) => current.map((draft) => (draft.person_id === personId ? { ...draft, role } : draft)));
    setErrors({});
  };

  const onReset = () => {
    setDrafts(contacts);
    setErrors({});
  };

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    // The main contact is the deal's own field: it goes along only to carry a role.
    const sent = drafts.filter((draft) => !draft.is_primary || draft.role?.trim());
    save.mutate(sent.map((draft) => ({ person_id: draft.person_id, role: draft.role?.trim() || null })), {
      onSuccess: () => notifySuccess(t('dealContacts.saved')),
      onError: (error) => {
        notifyError(error);
        if (!isApiError(error)) return;
        const found: Record<string, string> = {};
        for (const [field, message] of Object.entries(error.fieldErrors())) {
          const index = /^contacts\.(\d+)/.exec(field)?.[1];
          const draft = index === undefined ? undefined : sent[Number(index)];
          if (draft) found[draft.person_id] = message;
        }
        setErrors(found);
      },
    });
  };

  return (
    <form onSubmit={onSubmit} noValidate>
      <Stack>
        {drafts.length === 0 ? (
          <EmptyPlaceholder icon={<IconUsers size={28} />} title={t('dealContacts.empty')} description={canAdd ? t('dealContacts.emptyText') : undefined} />
        ) : (
          <Table.ScrollContainer minWidth={560}>
            <Table verticalSpacing="xs">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('dealContacts.person')}</Table.Th>
                  <Table.Th w={260}>{t('dealContacts.role')}</Table.Th>
                  {canEdit && <Table.Th w={40} />}
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {drafts.map((draft) => (
                  <Table.Tr key={draft.person_id} data-testid="deal-contact">
                    <Table.Td><ContactDetails contact={draft} /></Table.Td>
                    <Table.Td>
                      {canEdit ? (
                        <Autocomplete
                          size="xs"
                          aria-label={t('dealContacts.roleOf', { name: personLabel(draft) })}
                          placeholder={t('dealContacts.rolePlaceholder')}
                          data={roleSuggestions}
                          maxLength={100}
                          value={draft.role ?? ''}
                          error={errors[draft.person_id]}
                          onChange={(role) => setRole(draft.person_id, role)}
                          comboboxProps={{ withinPortal: true }}
                        />
                      ) : (
                        <Text size="sm" c={draft.role ? undefined : 'dimmed'}>{draft.role ?? '—'}</Text>
                      )}
                    </Table.Td>
                    {canEdit && (
                      <Table.Td>
                        {!draft.is_primary && (
                          <ActionIcon variant="subtle" color="red" aria-label={t('dealContacts.removeOf', { name: personLabel(draft) })}
                            onClick={() => setDrafts((current) => current.filter((other) => other.person_id !== draft.person_id))}>
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
        )}
        {canEdit && (
          <Group justify="space-between" align="flex-end">
            {canAdd ? <PersonAdder excluded={excluded} onAdd={(person) => setDrafts((current) => [...current, contactOf(person)])} /> : <div />}
            <Group>
              <Button variant="default" disabled={!isDirty || save.isPending} onClick={onReset}>{t('common.reset')}</Button>
              <Button type="submit" disabled={!isDirty} loading={save.isPending}>{t('common.save')}</Button>
            </Group>
          </Group>
        )}
        {canEdit && <Text size="xs" c="dimmed">{t('dealContacts.primaryHint')}</Text>}
      </Stack>
    </form>
  );
}

/** The people on a deal: its main contact first, then the others with their roles. */
export function DealContactsTab({ record }: RecordTabProps) {
  const me = useSession();
  const contacts = useDealContacts(record.id);
  const save = useSaveDealContacts(record.id);
  if (contacts.isPending) return <Center py="xl"><Loader /></Center>;
  if (!contacts.data) return null;
  // Keyed by the fetch, so saved (or elsewhere changed) contacts become the editor's new start.
  return <DealContactsEditor key={contacts.dataUpdatedAt} contacts={contacts.data} save={save} canEdit={can(me, 'deal', 'update')} />;
}
