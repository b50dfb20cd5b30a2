import { Anchor, Badge, Center, Group, Loader, Stack, Table, Text } from '@mantine/core';
import { IconUsers } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { EmptyPlaceholder } from '../../shell/empty-placeholder.component.tsx';
import { useSession } from '../auth/auth.api.ts';
import { can } from '../auth/permissions.ts';
import { PersonAdder, type PersonHit } from '../customers/index.ts';
import {
  isRoleChanged, isRoleLinkSent, RecordLinkRole, RecordLinksActions, RecordLinksTable, sentRole, useRecordLinksDraft, type RecordTabProps,
} from '../records/index.ts';
import { useDealContacts, useSaveDealContacts } from './deal-parts.api.ts';
import type { DealContact } from './deal-parts.types.ts';

const MAX_CONTACTS = 100;
const ROLE_KEYS = ['decisionMaker', 'influencer', 'accountant', 'technical', 'user'] as const;

/** Shown for a person the reader may not see, or whose name is hidden from them. */
const personLabel = (contact: Pick<DealContact, 'person_id' | 'full_name'>) => contact.full_name || contact.person_id.slice(0, 8);

const contactOf = (person: PersonHit): DealContact => ({
  person_id: person.id, role: null, is_primary: false,
  full_name: person.full_name ?? null, email: person.email ?? null, phone: person.phone ?? null, job_title: person.job_title ?? null,
});

const personIdOf = (contact: DealContact) => contact.person_id;

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
  const links = useRecordLinksDraft({
    saved: contacts,
    keyOf: personIdOf,
    isChangedRow: isRoleChanged,
    isSent: isRoleLinkSent,
    toInput: (draft) => ({ person_id: draft.person_id, role: sentRole(draft) }),
    save,
    field: 'contacts',
    savedMessage: t('dealContacts.saved'),
  });
  const roleSuggestions = ROLE_KEYS.map((key) => t(`dealContacts.roles.${key}`));
  const canAdd = canEdit && can(me, 'person', 'read') && links.drafts.length < MAX_CONTACTS;

  return (
    <form onSubmit={links.onSubmit} noValidate>
      <Stack>
        <RecordLinksTable
          drafts={links.drafts}
          keyOf={personIdOf}
          empty={<EmptyPlaceholder icon={<IconUsers size={28} />} title={t('dealContacts.empty')} description={canAdd ? t('dealContacts.emptyText') : undefined} />}
          minWidth={560}
          head={
            <>
              <Table.Th>{t('dealContacts.person')}</Table.Th>
              <Table.Th w={260}>{t('dealContacts.role')}</Table.Th>
            </>
          }
          cells={(draft) => (
            <>
              <Table.Td><ContactDetails contact={draft} /></Table.Td>
              <Table.Td>
                <RecordLinkRole
                  canEdit={canEdit}
                  label={t('dealContacts.roleOf', { name: personLabel(draft) })}
                  placeholder={t('dealContacts.rolePlaceholder')}
                  suggestions={roleSuggestions}
                  value={draft.role}
                  // Whatever the server refused in a row is shown at its role, the row's one input.
                  error={links.errors[draft.person_id]?.message}
                  onChange={(role) => links.change(draft.person_id, { role })}
                />
              </Table.Td>
            </>
          )}
          rowTestId="deal-contact"
          canEdit={canEdit}
          isRemovable={(draft) => !draft.is_primary}
          removeLabel={(draft) => t('dealContacts.removeOf', { name: personLabel(draft) })}
          onRemove={links.remove}
        />
        {canEdit && (
          <RecordLinksActions
            isDirty={links.isDirty}
            isSaving={links.isSaving}
            onReset={links.reset}
            leftSection={canAdd ? (
              <PersonAdder
                ariaLabel={t('dealContacts.add')}
                placeholder={t('dealContacts.addPlaceholder')}
                excluded={links.keys}
                onAdd={(person) => links.add(contactOf(person))}
                w={360}
              />
            ) : undefined}
          />
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
