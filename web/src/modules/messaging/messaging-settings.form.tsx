import { useState } from 'react';
import { Alert, Button, Card, Center, Group, Loader, MultiSelect, NumberInput, PasswordInput, Stack, Switch, Text, Textarea, TextInput, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../api/http.client.ts';
import { notifyError, notifySuccess } from '../../api/query.client.ts';
import { useSession } from '../auth/auth.api.ts';
import { grantFor } from '../auth/permissions.ts';
import { useMessagingSettings, useUpdateMessagingSettings } from './messaging.api.ts';
import { MESSAGE_CHANNELS, type MessageChannel, type MessagingSettings, type MessagingSettingsInput } from './messaging.types.ts';

/** The form's state: the settings as PUT takes them, secrets empty until typed. */
function draftOf(settings: MessagingSettings): MessagingSettingsInput {
  const { has_dkim_key: _dkim, ...email } = settings.email;
  const { has_token: _token, has_report_secret: _report, ...sms } = settings.sms;
  const { has_bot_token: _bot, has_webhook_secret: _webhook, ...telegram } = settings.telegram;
  return { quiet_hours: settings.quiet_hours, frequency_cap: settings.frequency_cap, fallback_order: settings.fallback_order, email, sms, telegram };
}

const orNull = (value: string) => (value.trim() === '' ? null : value.trim());
/** A secret left empty is left out, so the stored one is kept. */
const secret = (value: string | undefined) => (value && value.trim() !== '' ? value.trim() : undefined);

function SettingsEditor({ settings }: { settings: MessagingSettings }) {
  const { t } = useTranslation();
  const me = useSession();
  const grant = grantFor(me, 'workspace');
  const canEdit = !!grant && grant.actions.includes('update');
  const save = useUpdateMessagingSettings();
  const [draft, setDraft] = useState<MessagingSettingsInput>(() => draftOf(settings));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const secretHint = (isSet: boolean) => (isSet ? t('messaging.settings.secretSet') : t('messaging.settings.secretNotSet'));
  const set = <K extends keyof MessagingSettingsInput>(key: K, value: MessagingSettingsInput[K]) => setDraft((d) => ({ ...d, [key]: value }));
  const setIn = <K extends 'email' | 'sms' | 'telegram'>(key: K, patch: Partial<MessagingSettingsInput[K]>) => setDraft((d) => ({ ...d, [key]: { ...d[key], ...patch } }));

  const onSave = () => {
    setErrors({});
    const body: MessagingSettingsInput = {
      ...draft,
      email: { ...draft.email, dkim_private_key: secret(draft.email.dkim_private_key) },
      sms: { ...draft.sms, token: secret(draft.sms.token), report_secret: secret(draft.sms.report_secret) },
      telegram: { ...draft.telegram, bot_token: secret(draft.telegram.bot_token), webhook_secret: secret(draft.telegram.webhook_secret) },
    };
    save.mutate(body, {
      onSuccess: (saved) => {
        setDraft(draftOf(saved));
        notifySuccess(t('messaging.settings.saved'));
      },
      onError: (error) => {
        if (isApiError(error)) setErrors(error.fieldErrors());
        notifyError(error);
      },
    });
  };

  return (
    <Stack gap="md" maw={760}>
      {!canEdit && <Alert color="gray">{t('messaging.settings.readOnly')}</Alert>}
      <Card withBorder radius="md">
        <Title order={4} mb="sm">{t('messaging.settings.rules')}</Title>
        <Stack gap="sm">
          <Switch
            label={t('messaging.settings.quietHours')} description={t('messaging.settings.quietHoursHint')}
            checked={draft.quiet_hours !== null} onChange={(e) => set('quiet_hours', e.currentTarget.checked ? { start: '21:00', end: '09:00' } : null)}
          />
          {draft.quiet_hours && (
            <Group grow>
              <TextInput label={t('messaging.settings.quietStart')} value={draft.quiet_hours.start} error={errors['quiet_hours.start']}
                onChange={(e) => set('quiet_hours', { ...draft.quiet_hours!, start: e.currentTarget.value })} />
              <TextInput label={t('messaging.settings.quietEnd')} value={draft.quiet_hours.end} error={errors['quiet_hours.end']}
                onChange={(e) => set('quiet_hours', { ...draft.quiet_hours!, end: e.currentTarget.value })} />
            </Group>
          )}
          <Switch
            label={t('messaging.settings.cap')} description={t('messaging.settings.capHint')}
            checked={draft.frequency_cap !== null} onChange={(e) => set('frequency_cap', e.currentTarget.checked ? { max_messages: 3, period_days: 7 } : null)}
          />
          {draft.frequency_cap && (
            <Group grow>
              <NumberInput label={t('messaging.settings.capMessages')} min={1} max={1000} value={draft.frequency_cap.max_messages} error={errors['frequency_cap.max_messages']}
                onChange={(v) => set('frequency_cap', { ...draft.frequency_cap!, max_messages: Number(v) || 1 })} />
              <NumberInput label={t('messaging.settings.capDays')} min={1} max={365} value={draft.frequency_cap.period_days} error={errors['frequency_cap.period_days']}
                onChange={(v) => set('frequency_cap', { ...draft.frequency_cap!, period_days: Number(v) || 1 })} />
            </Group>
          )}
          <MultiSelect
            label={t('messaging.settings.fallback')} description={t('messaging.settings.fallbackHint')} error={errors.fallback_order}
            data={MESSAGE_CHANNELS.map((value) => ({ value, label: t(`messaging.channels.${value}`) }))}
            value={draft.fallback_order} onChange={(value) => set('fallback_order', value as MessageChannel[])}
          />
        </Stack>
      </Card>
      <Card withBorder radius="md">
        <Title order={4} mb="sm">{t('messaging.settings.email')}</Title>
        <Stack gap="sm">
          <TextInput label={t('messaging.settings.from')} value={draft.email.from ?? ''} error={errors['email.from']} onChange={(e) => setIn('email', { from: orNull(e.currentTarget.value) })} />
          <TextInput label={t('messaging.settings.unsubscribeMailto')} value={draft.email.unsubscribe_mailto ?? ''} error={errors['email.unsubscribe_mailto']}
            onChange={(e) => setIn('email', { unsubscribe_mailto: orNull(e.currentTarget.value) })} />
          <Group grow>
            <NumberInput label={t('messaging.settings.maxConnections')} min={1} max={50} value={draft.email.max_connections} onChange={(v) => setIn('email', { max_connections: Number(v) || 1 })} />
            <NumberInput label={t('messaging.settings.ratePerSecond')} min={1} max={10000} value={draft.email.rate_per_second} onChange={(v) => setIn('email', { rate_per_second: Number(v) || 1 })} />
          </Group>
          <Group grow>
            <TextInput label={t('messaging.settings.dkimDomain')} value={draft.email.dkim_domain ?? ''} error={errors['email.dkim_domain']} onChange={(e) => setIn('email', { dkim_domain: orNull(e.currentTarget.value) })} />
            <TextInput label={t('messaging.settings.dkimSelector')} value={draft.email.dkim_selector ?? ''} error={errors['email.dkim_selector']} onChange={(e) => setIn('email', { dkim_selector: orNull(e.currentTarget.value) })} />
          </Group>
          <Textarea label={t('messaging.settings.dkimKey')} description={secretHint(settings.email.has_dkim_key)} autosize minRows={2} maxRows={6}
            value={draft.email.dkim_private_key ?? ''} error={errors['email.dkim_private_key']} onChange={(e) => setIn('email', { dkim_private_key: e.currentTarget.value })} />
        </Stack>
      </Card>
      <Card withBorder radius="md">
        <Title order={4} mb="sm">{t('messaging.settings.sms')}</Title>
        <Stack gap="sm">
          <TextInput label={t('messaging.settings.providerUrl')} value={draft.sms.provider_url ?? ''} error={errors['sms.provider_url']} onChange={(e) => setIn('sms', { provider_url: orNull(e.currentTarget.value) })} />
          <Group grow>
            <TextInput label={t('messaging.settings.sender')} value={draft.sms.sender ?? ''} error={errors['sms.sender']} onChange={(e) => setIn('sms', { sender: orNull(e.currentTarget.value) })} />
            <NumberInput label={t('messaging.settings.smsPerSecond')} description={t('messaging.settings.ratePerSecondHint')} min={1} max={1000} value={draft.sms.rate_per_second}
              error={errors['sms.rate_per_second']} onChange={(v) => setIn('sms', { rate_per_second: Number(v) || 1 })} />
          </Group>
          <Group grow>
            <PasswordInput label={t('messaging.settings.token')} description={secretHint(settings.sms.has_token)} value={draft.sms.token ?? ''} onChange={(e) => setIn('sms', { token: e.currentTarget.value })} />
            <PasswordInput label={t('messaging.settings.reportSecret')} description={secretHint(settings.sms.has_report_secret)} value={draft.sms.report_secret ?? ''} error={errors['sms.report_secret']}
              onChange={(e) => setIn('sms', { report_secret: e.currentTarget.value })} />
          </Group>
        </Stack>
      </Card>
      <Card withBorder radius="md">
        <Title order={4} mb="sm">{t('messaging.settings.telegram')}</Title>
        <Stack gap="sm">
          <Group grow>
            <TextInput label={t('messaging.settings.botUsername')} value={draft.telegram.bot_username ?? ''} error={errors['telegram.bot_username']}
              onChange={(e) => setIn('telegram', { bot_username: orNull(e.currentTarget.value) })} />
            <TextInput label={t('messaging.settings.apiBaseUrl')} value={draft.telegram.api_base_url} error={errors['telegram.api_base_url']}
              onChange={(e) => setIn('telegram', { api_base_url: e.currentTarget.value.trim() })} />
            <NumberInput label={t('messaging.settings.telegramPerSecond')} description={t('messaging.settings.ratePerSecondHint')} min={1} max={1000} value={draft.telegram.rate_per_second}
              error={errors['telegram.rate_per_second']} onChange={(v) => setIn('telegram', { rate_per_second: Number(v) || 1 })} />
          </Group>
          <Group grow>
            <PasswordInput label={t('messaging.settings.botToken')} description={secretHint(settings.telegram.has_bot_token)} value={draft.telegram.bot_token ?? ''} error={errors['telegram.bot_token']}
              onChange={(e) => setIn('telegram', { bot_token: e.currentTarget.value })} />
            <PasswordInput label={t('messaging.settings.webhookSecret')} description={secretHint(settings.telegram.has_webhook_secret)} value={draft.telegram.webhook_secret ?? ''} error={errors['telegram.webhook_secret']}
              onChange={(e) => setIn('telegram', { webhook_secret: e.currentTarget.value })} />
          </Group>
        </Stack>
      </Card>
      {canEdit && (
        <Group>
          <Button onClick={onSave} loading={save.isPending}>{t('messaging.settings.save')}</Button>
          {Object.keys(errors).length > 0 && <Text size="sm" c="red">{Object.values(errors)[0]}</Text>}
        </Group>
      )}
    </Stack>
  );
}

/** The sending settings, once loaded. */
export function MessagingSettingsForm() {
  const settings = useMessagingSettings();
  if (!settings.data) return <Center py="xl"><Loader /></Center>;
  return <SettingsEditor settings={settings.data} />;
}
