import { useState } from 'react';
import { Alert, Button, Card, Group, NumberInput, Stack, TagsInput, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../api/http.client.ts';
import { describeError } from '../../api/problem-message.ts';
import { notifySuccess } from '../../api/query.client.ts';
import { useUpdateTrackingSettings } from './tracking.api.ts';
import type { TrackingSettings } from './tracking.types.ts';

/** The server names a refused site by its place in the list (allowed_origins.2); the input shows them all at once. */
function fieldOf(field: string): 'allowed_origins' | 'cart_abandon_minutes' | 'sleeping_after_days' | null {
  const name = field.split('.')[0];
  return name === 'allowed_origins' || name === 'cart_abandon_minutes' || name === 'sleeping_after_days' ? name : null;
}

/** Which sites may send events, and how long carts and customers wait before they count as abandoned or sleeping. */
export function TrackingSettingsForm({ settings, canEdit }: { settings: TrackingSettings; canEdit: boolean }) {
  const { t } = useTranslation();
  const save = useUpdateTrackingSettings();
  const [origins, setOrigins] = useState(settings.allowed_origins);
  const [cartMinutes, setCartMinutes] = useState<number | string>(settings.cart_abandon_minutes);
  const [sleepingDays, setSleepingDays] = useState<number | string>(settings.sleeping_after_days);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [problem, setProblem] = useState<string | null>(null);

  const submit = (event: React.FormEvent) => {
    event.preventDefault();
    setErrors({});
    setProblem(null);
    save.mutate({ allowed_origins: origins, cart_abandon_minutes: Number(cartMinutes), sleeping_after_days: Number(sleepingDays) }, {
      onSuccess: (saved) => {
        setOrigins(saved.allowed_origins);
        notifySuccess(t('tracking.saved'));
      },
      onError: (error) => {
        const byField: Record<string, string> = {};
        for (const [field, message] of Object.entries(isApiError(error) ? error.fieldErrors() : {})) {
          const name = fieldOf(field);
          if (name) byField[name] = name === 'allowed_origins' ? t('tracking.badOrigin') : message;
        }
        setErrors(byField);
        if (Object.keys(byField).length === 0) setProblem(describeError(error).title);
      },
    });
  };

  return (
    <Card withBorder radius="md" component="form" onSubmit={submit} noValidate>
      <Stack gap="sm">
        <Title order={4}>{t('tracking.settingsTitle')}</Title>
        <TagsInput
          label={t('tracking.allowedOrigins')}
          description={t('tracking.allowedOriginsHint')}
          placeholder={canEdit ? 'https://shop.example' : undefined}
          value={origins}
          onChange={setOrigins}
          error={errors.allowed_origins}
          disabled={!canEdit}
          clearable
        />
        <Group grow align="flex-start">
          <NumberInput label={t('tracking.cartAbandonMinutes')} description={t('tracking.cartAbandonHint')} min={5} max={10_080}
            allowDecimal={false} value={cartMinutes} onChange={setCartMinutes} error={errors.cart_abandon_minutes} disabled={!canEdit} />
          <NumberInput label={t('tracking.sleepingAfterDays')} description={t('tracking.sleepingHint')} min={7} max={3650}
            allowDecimal={false} value={sleepingDays} onChange={setSleepingDays} error={errors.sleeping_after_days} disabled={!canEdit} />
        </Group>
        {problem && <Alert color="red" variant="light">{problem}</Alert>}
        {canEdit && (
          <Group justify="flex-end">
            <Button type="submit" loading={save.isPending}>{t('common.save')}</Button>
          </Group>
        )}
      </Stack>
    </Card>
  );
}
