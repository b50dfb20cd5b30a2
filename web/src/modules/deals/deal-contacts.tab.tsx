import { Anchor, Badge, Center, Group, Loader, Stack, Text } from '@mantine/core';
import { IconUsers } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { useSession } from '../auth/auth.api.ts';
import { can } from '../auth/permissions.ts';
import { PersonAdder, type PersonHit } from '../customers/index.ts';
import { RecordRoleLinksEditor, type RecordTabProps } from '../records/index.ts';
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

/** The people on a deal: its main contact first, then the others with their roles. */
export function DealContactsTab({ record }: RecordTabProps) {
  const { t } = useTranslation();
  const me = useSession();
  const contacts = useDealContacts(record.id);
  const save = useSaveDealContacts(record.id);
  if (contacts.isPending) return <Center py="xl"><Loader /></Center>;
  if (!contacts.data) return null;
  // Keyed by the fetch, so saved (or elsewhere changed) contacts become the editor's new start.
  return (
    <RecordRoleLinksEditor
      key={contacts.dataUpdatedAt}
      saved={contacts.data}
      keyOf={personIdOf}
      toInput={(contact, role) => ({ person_id: contact.person_id, role })}
      save={save}
      field="contacts"
      savedMessage={t('dealContacts.saved')}
      canEdit={can(me, 'deal', 'update')}
      canSearch={can(me, 'person', 'read')}
      maxLinks={MAX_CONTACTS}
      emptyIcon={<IconUsers size={28} />}
      emptyTitle={t('dealContacts.empty')}
      emptyText={t('dealContacts.emptyText')}
      recordHead={t('dealContacts.person')}
      roleHead={t('dealContacts.role')}
      roleWidth={260}
      details={(contact) => <ContactDetails contact={contact} />}
      isRowErrorAtRole
      roleLabel={(contact) => t('dealContacts.roleOf', { name: personLabel(contact) })}
      rolePlaceholder={t('dealContacts.rolePlaceholder')}
      roleSuggestions={ROLE_KEYS.map((key) => t(`dealContacts.roles.${key}`))}
      rowTestId="deal-contact"
      removeLabel={(contact) => t('dealContacts.removeOf', { name: personLabel(contact) })}
      adder={(excluded, onAdd) => (
        <PersonAdder
          ariaLabel={t('dealContacts.add')}
          placeholder={t('dealContacts.addPlaceholder')}
          excluded={excluded}
          onAdd={(person) => onAdd(contactOf(person))}
          w={360}
        />
      )}
      primaryHint={t('dealContacts.primaryHint')}
    />
  );
}
