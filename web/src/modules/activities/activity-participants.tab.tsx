import { useMemo, useState } from 'react';
import { ActionIcon, Anchor, Badge, Button, Center, Group, Loader, Stack, Table, Text, TextInput, Tooltip } from '@mantine/core';
import { IconCalendarDown, IconMailPlus, IconUsersGroup } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { EmptyPlaceholder } from '../../shell/empty-placeholder.component.tsx';
import { useSession } from '../auth/auth.api.ts';
import { can } from '../auth/permissions.ts';
import { PersonAdder, type PersonHit } from '../customers/index.ts';
import {
  MemberSelect, RecordLinksActions, RecordLinksTable, useMemberOptions, useRecordLinksDraft, type RecordData, type RecordTabProps,
} from '../records/index.ts';
import { meetingIcsUrl, useParticipants, useSaveParticipants } from './activities-parts.api.ts';
import type { Participant, ParticipantInput } from './activities-parts.types.ts';

const MAX_PARTICIPANTS = 200;

type ParticipantKind = 'person' | 'member' | 'guest';

/** A participant in the editor, with the key the server dedupes by. */
interface ParticipantDraft extends Participant {
  key: string;
}

const kindOf = (participant: Participant): ParticipantKind => (participant.person_id ? 'person' : participant.user_id ? 'member' : 'guest');

function keyOf(participant: Participant): string {
  if (participant.person_id) return `p:${participant.person_id}`;
  if (participant.user_id) return `u:${participant.user_id}`;
  return `e:${(participant.email ?? '').toLowerCase()}`;
}

const draftOf = (participant: Participant): ParticipantDraft => ({ ...participant, key: keyOf(participant) });

function inputOf(draft: ParticipantDraft): ParticipantInput {
  if (draft.person_id) return { person_id: draft.person_id };
  if (draft.user_id) return { user_id: draft.user_id };
  return draft.name ? { email: draft.email ?? '', name: draft.name } : { email: draft.email ?? '' };
}

/** Shown for someone whose name is hidden from the reader. */
const participantLabel = (participant: Participant) =>
  participant.name || participant.email || (participant.person_id ?? participant.user_id ?? '').slice(0, 8);

const keyOfDraft = (draft: ParticipantDraft) => draft.key;

/** An outside address, with an optional name; the server checks the address. */
function GuestAdder({ excluded, onAdd }: { excluded: Set<string>; onAdd: (email: string, name: string | null) => void }) {
  const { t } = useTranslation();
  const [email, setEmail] = useState('');
  const [name, setName] = useState('');
  const [error, setError] = useState<string | undefined>();

  const add = () => {
    const address = email.trim().toLowerCase();
    if (!/^[^\s@]+@[^\s@]+$/.test(address)) {
      setError(t('activityParticipants.badEmail'));
      return;
    }
    if (excluded.has(`e:${address}`)) {
      setError(t('activityParticipants.alreadyAdded'));
      return;
    }
    onAdd(address, name.trim() || null);
    setEmail('');
    setName('');
    setError(undefined);
  };

  return (
    <Group gap="xs" align="flex-end" wrap="nowrap">
      <TextInput
        label={t('activityParticipants.addEmail')}
        type="email"
        placeholder="name@example.com"
        value={email}
        error={error}
        onChange={(event) => {
          setEmail(event.currentTarget.value);
          setError(undefined);
        }}
        onKeyDown={(event) => {
          if (event.key !== 'Enter') return;
          // Enter adds the address here instead of saving the whole list.
          event.preventDefault();
          add();
        }}
        w={220}
      />
      <TextInput
        aria-label={t('activityParticipants.guestName')}
        placeholder={t('activityParticipants.guestName')}
        value={name}
        maxLength={200}
        onChange={(event) => setName(event.currentTarget.value)}
        w={180}
      />
      <ActionIcon size="lg" variant="light" aria-label={t('activityParticipants.addEmailButton')} onClick={add} mb={error ? 22 : 0}>
        <IconMailPlus size={16} />
      </ActionIcon>
    </Group>
  );
}

function ParticipantDetails({ participant }: { participant: ParticipantDraft }) {
  const { t } = useTranslation();
  const kind = kindOf(participant);
  const label = participantLabel(participant);
  const secondary = participant.name && participant.email ? participant.email : null;
  return (
    <Group gap="xs" wrap="nowrap">
      <Stack gap={0}>
        {participant.person_id ? (
          <Anchor component={Link} to={`/people/${participant.person_id}`} size="sm" fw={500}>{label}</Anchor>
        ) : (
          <Text size="sm" fw={500}>{label}</Text>
        )}
        {secondary && <Text size="xs" c="dimmed">{secondary}</Text>}
      </Stack>
      <Badge size="sm" variant="light" color={kind === 'person' ? 'blue' : kind === 'member' ? 'grape' : 'gray'}>
        {t(`activityParticipants.kinds.${kind}`)}
      </Badge>
    </Group>
  );
}

interface ParticipantsEditorProps {
  participants: Participant[];
  /** Held by the tab: a save gives the editor new participants and so remounts it, which must not drop the save's callbacks. */
  save: ReturnType<typeof useSaveParticipants>;
  canEdit: boolean;
}

function ParticipantsEditor({ participants, save, canEdit }: ParticipantsEditorProps) {
  const { t } = useTranslation();
  const me = useSession();
  const memberOptions = useMemberOptions();
  const saved = useMemo(() => participants.map(draftOf), [participants]);
  const links = useRecordLinksDraft({
    saved,
    keyOf: keyOfDraft,
    isChangedRow: (draft, other) => draft.name !== other.name,
    toInput: inputOf,
    save,
    field: 'participants',
    savedMessage: t('activityParticipants.saved'),
  });
  const personIds = useMemo(() => new Set(links.drafts.flatMap((draft) => (draft.person_id ? [draft.person_id] : []))), [links.drafts]);
  const memberIds = useMemo(() => new Set(links.drafts.flatMap((draft) => (draft.user_id ? [draft.user_id] : []))), [links.drafts]);
  const canAdd = canEdit && links.drafts.length < MAX_PARTICIPANTS;

  const add = (participant: Participant) => links.add(draftOf(participant));
  const addPerson = (person: PersonHit) =>
    add({ person_id: person.id, user_id: null, email: person.email ?? null, name: person.full_name ?? null });
  const addMember = (userId: string | null) => {
    if (!userId) return;
    const option = memberOptions.find((candidate) => candidate.value === userId);
    add({ person_id: null, user_id: userId, email: null, name: option?.label ?? null });
  };
  const remove = (key: string) => {
    links.remove(key);
    links.clearErrors();
  };

  return (
    <form onSubmit={links.onSubmit} noValidate>
      <Stack>
        <RecordLinksTable
          drafts={links.drafts}
          keyOf={keyOfDraft}
          empty={
            <EmptyPlaceholder
              icon={<IconUsersGroup size={28} />}
              title={t('activityParticipants.empty')}
              description={canAdd ? t('activityParticipants.emptyText') : undefined}
            />
          }
          minWidth={480}
          head={<Table.Th>{t('activityParticipants.participant')}</Table.Th>}
          cells={(draft) => (
            <Table.Td>
              <ParticipantDetails participant={draft} />
              {links.errors[draft.key] && <Text size="xs" c="red" mt={2}>{links.errors[draft.key]?.message}</Text>}
            </Table.Td>
          )}
          rowTestId="meeting-participant"
          canEdit={canEdit}
          removeLabel={(draft) => t('activityParticipants.removeOf', { name: participantLabel(draft) })}
          onRemove={remove}
        />
        {canAdd && (
          <Group gap="md" align="flex-end">
            {can(me, 'person', 'read') && (
              <PersonAdder
                label={t('activityParticipants.addPerson')}
                placeholder={t('activityParticipants.addPersonPlaceholder')}
                excluded={personIds}
                onAdd={addPerson}
                w={300}
              />
            )}
            <MemberSelect
              label={t('activityParticipants.addMember')}
              placeholder={t('activityParticipants.addMemberPlaceholder')}
              value={null}
              excluded={memberIds}
              onChange={addMember}
            />
            <GuestAdder excluded={links.keys} onAdd={(email, name) => add({ person_id: null, user_id: null, email, name })} />
          </Group>
        )}
        {canEdit && <RecordLinksActions isDirty={links.isDirty} isSaving={links.isSaving} onReset={links.reset} />}
      </Stack>
    </form>
  );
}

/** The calendar file of the meeting; it needs a start and an end. */
function IcsButton({ record }: { record: RecordData }) {
  const { t } = useTranslation();
  const hasTime = typeof record.starts_at === 'string' && typeof record.ends_at === 'string';
  if (!hasTime) {
    return (
      <Tooltip label={t('activityParticipants.icsNeedsTime')}>
        <Button variant="default" leftSection={<IconCalendarDown size={16} />} data-disabled onClick={(event) => event.preventDefault()}>
          {t('activityParticipants.ics')}
        </Button>
      </Tooltip>
    );
  }
  return (
    <Button component="a" href={meetingIcsUrl(record.id)} download variant="default" leftSection={<IconCalendarDown size={16} />}>
      {t('activityParticipants.ics')}
    </Button>
  );
}

/** Who takes part in a meeting: people of the CRM, members and outside addresses; and the meeting as a calendar file. */
export function ActivityParticipantsTab({ record }: RecordTabProps) {
  const { t } = useTranslation();
  const me = useSession();
  const participants = useParticipants(record.id);
  const save = useSaveParticipants(record.id);
  return (
    <Stack>
      <Group justify="space-between" align="flex-start">
        <Text size="sm" c="dimmed" maw={560}>{t('activityParticipants.hint')}</Text>
        <IcsButton record={record} />
      </Group>
      {participants.isPending ? (
        <Center py="xl"><Loader /></Center>
      ) : participants.data ? (
        // Keyed by the fetch, so saved (or elsewhere changed) participants become the editor's new start.
        <ParticipantsEditor key={participants.dataUpdatedAt} participants={participants.data} save={save} canEdit={can(me, 'activity', 'update')} />
      ) : null}
    </Stack>
  );
}
