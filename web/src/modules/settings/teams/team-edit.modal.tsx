import { useState, type FormEvent } from 'react';
import { Button, Group, Modal, MultiSelect, Stack, TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../../api/http.client.ts';
import { notifySuccess } from '../../../api/query.client.ts';
import { useCreateTeam, useUpdateTeam } from '../settings.api.ts';
import type { Member, Team } from '../settings.types.ts';

interface TeamEditModalProps {
  /** Absent when creating a team. */
  team?: Team;
  members: Member[];
  onClose: () => void;
}

export function TeamEditModal({ team, members, onClose }: TeamEditModalProps) {
  const { t } = useTranslation();
  const create = useCreateTeam();
  const update = useUpdateTeam();
  const [name, setName] = useState(team?.name ?? '');
  const [memberIds, setMemberIds] = useState<string[]>(team?.member_ids ?? []);
  const [errors, setErrors] = useState<Record<string, string>>({});

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    if (!name.trim()) {
      setErrors({ name: t('form.required') });
      return;
    }
    const options = {
      onSuccess: () => {
        notifySuccess(team ? t('teams.saved') : t('teams.created', { name: name.trim() }));
        onClose();
      },
      onError: (error: unknown) => isApiError(error) && setErrors(error.fieldErrors()),
    };
    if (team) update.mutate({ id: team.id, name: name.trim(), member_ids: memberIds }, options);
    else create.mutate({ name: name.trim(), member_ids: memberIds }, options);
  };

  return (
    <Modal opened onClose={onClose} title={team ? t('teams.editTitle') : t('teams.create')}>
      <form onSubmit={onSubmit} noValidate>
        <Stack>
          <TextInput label={t('teams.name')} required value={name} error={errors.name} onChange={(event) => setName(event.currentTarget.value)} data-autofocus />
          <MultiSelect
            label={t('teams.members')}
            placeholder={t('teams.pickMembers')}
            data={members.map((member) => ({ value: member.user_id, label: member.name ? `${member.name} (${member.email})` : member.email }))}
            value={memberIds}
            onChange={setMemberIds}
            error={errors.member_ids}
            searchable
            clearable
            nothingFoundMessage={t('common.nothingFound')}
            comboboxProps={{ withinPortal: true }}
          />
        </Stack>
        <Group justify="flex-end" mt="xl">
          <Button variant="default" onClick={onClose}>{t('common.cancel')}</Button>
          <Button type="submit" loading={create.isPending || update.isPending}>{team ? t('common.save') : t('common.create')}</Button>
        </Group>
      </form>
    </Modal>
  );
}
