import { useState } from 'react';
import { Button, Card, Group, NumberInput, Select, SimpleGrid, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../../api/http.client.ts';
import { notifySuccess } from '../../../api/query.client.ts';
import { useSaveLeadSettings } from '../leads.api.ts';
import type { LeadSettings } from '../leads.types.ts';
import { useTeamOptions } from './team-options.hooks.ts';

/** The server's bounds: a minute to a week. */
const MAX_MINUTES = 10_080;

interface SlaSettingsCardProps {
  settings: LeadSettings;
  canEdit: boolean;
}

/** Keyed by the saved settings, so a save starts the form afresh from what the server kept. */
export function SlaSettingsCard({ settings, canEdit }: SlaSettingsCardProps) {
  const { t } = useTranslation();
  const save = useSaveLeadSettings();
  const [firstResponse, setFirstResponse] = useState<number | string>(settings.first_response_minutes);
  const [reassignAfter, setReassignAfter] = useState<number | string>(settings.reassign_after_minutes);
  const [teamId, setTeamId] = useState<string | null>(settings.default_team_id);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const teamOptions = useTeamOptions();

  const isDirty = Number(firstResponse) !== settings.first_response_minutes
    || Number(reassignAfter) !== settings.reassign_after_minutes
    || teamId !== settings.default_team_id;

  const onSubmit = (event: React.FormEvent) => {
    event.preventDefault();
    const missing: Record<string, string> = {};
    if (firstResponse === '') missing.first_response_minutes = t('form.required');
    if (reassignAfter === '') missing.reassign_after_minutes = t('form.required');
    setErrors(missing);
    if (Object.keys(missing).length > 0) return;
    save.mutate(
      { first_response_minutes: Number(firstResponse), reassign_after_minutes: Number(reassignAfter), default_team_id: teamId },
      {
        onSuccess: () => notifySuccess(t('leads.distribution.settingsSaved')),
        onError: (error) => isApiError(error) && setErrors(error.fieldErrors()),
      },
    );
  };

  return (
    <Card withBorder radius="md">
      <form onSubmit={onSubmit} noValidate>
        <Title order={4}>{t('leads.distribution.slaTitle')}</Title>
        <Text size="sm" c="dimmed" mb="md">{t('leads.distribution.slaText')}</Text>
        <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="md">
          <NumberInput
            label={t('leads.distribution.firstResponse')}
            description={t('leads.distribution.minutes')}
            min={1}
            max={MAX_MINUTES}
            allowDecimal={false}
            value={firstResponse}
            error={errors.first_response_minutes}
            readOnly={!canEdit}
            onChange={setFirstResponse}
          />
          <NumberInput
            label={t('leads.distribution.reassignAfter')}
            description={t('leads.distribution.minutes')}
            min={1}
            max={MAX_MINUTES}
            allowDecimal={false}
            value={reassignAfter}
            error={errors.reassign_after_minutes}
            readOnly={!canEdit}
            onChange={setReassignAfter}
          />
          <Select
            label={t('leads.distribution.defaultTeam')}
            description={t('leads.distribution.defaultTeamHint')}
            placeholder={t('leads.distribution.anyAgent')}
            data={teamOptions}
            value={teamId}
            error={errors.default_team_id}
            readOnly={!canEdit}
            clearable={canEdit}
            onChange={setTeamId}
            comboboxProps={{ withinPortal: true }}
          />
        </SimpleGrid>
        {canEdit && (
          <Group justify="flex-end" mt="md">
            <Button type="submit" disabled={!isDirty} loading={save.isPending}>{t('common.save')}</Button>
          </Group>
        )}
      </form>
    </Card>
  );
}
