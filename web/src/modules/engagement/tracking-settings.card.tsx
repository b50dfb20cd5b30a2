import { useState } from 'react';
import { Button, Card, Group, NumberInput, Stack, Switch, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../api/http.client.ts';
import { notifyError, notifySuccess } from '../../api/query.client.ts';
import { useSession } from '../auth/auth.api.ts';
import { grantFor } from '../auth/permissions.ts';
import { useTrackingSettings, useUpdateTrackingSettings, type TrackingSettings } from './engagement.api.ts';

function TrackingSettingsEditor({ settings }: { settings: TrackingSettings }) {
  const { t } = useTranslation();
  const me = useSession();
  const grant = grantFor(me, 'workspace');
  const canEdit = !!grant && grant.actions.includes('update') && grant.scope !== 'own';
  const save = useUpdateTrackingSettings();
  const [draft, setDraft] = useState(settings);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const onSave = () => {
    setErrors({});
    save.mutate(draft, {
      onSuccess: (saved) => {
        setDraft(saved);
        notifySuccess(t('engagement.settings.saved'));
      },
      onError: (error) => {
        if (isApiError(error)) setErrors(error.fieldErrors());
        notifyError(error);
      },
    });
  };
  return (
    <Card withBorder radius="md" maw={760} mt="md" data-testid="tracking-settings">
      <Title order={4} mb="sm">{t('engagement.settings.title')}</Title>
      <Stack gap="sm">
        <Switch
          label={t('engagement.settings.tracking')} description={t('engagement.settings.trackingHint')} disabled={!canEdit}
          checked={draft.tracking_enabled} onChange={(e) => setDraft({ ...draft, tracking_enabled: e.currentTarget.checked })}
        />
        <NumberInput
          label={t('engagement.settings.window')} description={t('engagement.settings.windowHint')} min={1} max={90} clampBehavior="none" maw={240} disabled={!canEdit}
          value={draft.attribution_window_days} error={errors.attribution_window_days}
          onChange={(value) => setDraft({ ...draft, attribution_window_days: typeof value === 'number' ? value : Number(value) })}
        />
        {canEdit && <Group><Button onClick={onSave} loading={save.isPending}>{t('engagement.settings.save')}</Button></Group>}
      </Stack>
    </Card>
  );
}

/** Marketing → Messages → settings: whether email is tracked and how long an order may follow a message. */
export function TrackingSettingsCard() {
  const settings = useTrackingSettings();
  return settings.data ? <TrackingSettingsEditor settings={settings.data} /> : null;
}
