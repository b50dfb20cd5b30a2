import { Center, Loader, Stack } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { PageHeader } from '../../shell/page-header.component.tsx';
import { useSession } from '../auth/auth.api.ts';
import { can } from '../auth/permissions.ts';
import { useTrackingSettings } from './tracking.api.ts';
import { TrackingSettingsForm } from './tracking-settings-form.component.tsx';
import { TrackingSnippet } from './tracking-snippet.component.tsx';

/** Settings → Site tracking: the snippet for the site, its key, the allowed sites and the waits. */
export function TrackingSettingsPage() {
  const { t } = useTranslation();
  const me = useSession();
  const settings = useTrackingSettings();
  const canEdit = can(me, 'workspace', 'update');
  return (
    <>
      <PageHeader title={t('tracking.title')} description={t('tracking.description')} />
      {settings.isPending ? (
        <Center py="xl"><Loader /></Center>
      ) : settings.data ? (
        <Stack>
          <TrackingSnippet settings={settings.data} canRotate={canEdit} />
          {/* Keyed by the saved values: a save refreshes the form's starting values, a key rotation keeps what is typed. */}
          <TrackingSettingsForm key={`${settings.data.allowed_origins.join(' ')}|${settings.data.cart_abandon_minutes}|${settings.data.sleeping_after_days}`} settings={settings.data} canEdit={canEdit} />
        </Stack>
      ) : null}
    </>
  );
}
