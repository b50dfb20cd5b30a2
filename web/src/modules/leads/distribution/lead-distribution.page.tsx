import { Alert, Center, Loader, Stack } from '@mantine/core';
import { IconLock } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { PageHeader } from '../../../shell/page-header.component.tsx';
import { useSession } from '../../auth/auth.api.ts';
import { canConfigureDistribution } from '../lead-permissions.ts';
import { useLeadRouting } from '../leads.api.ts';
import { LeadAgents } from './lead-agents.component.tsx';
import { RoutingRules } from './routing-rules.component.tsx';
import { SlaSettingsCard } from './sla-settings.component.tsx';

/** Who gets new leads and how fast they must answer. Everyone who reads leads may look; managers and admins change it. */
export function LeadDistributionPage() {
  const { t } = useTranslation();
  const me = useSession();
  const routing = useLeadRouting();
  const canEdit = canConfigureDistribution(me);

  return (
    <>
      <PageHeader title={t('leads.distribution.title')} description={t('leads.distribution.description')} />
      {routing.isPending ? (
        <Center py="xl"><Loader /></Center>
      ) : routing.data ? (
        <Stack gap="xl">
          {!canEdit && <Alert color="gray" icon={<IconLock size={18} />}>{t('leads.distribution.readOnly')}</Alert>}
          {/* Keyed by what the server saved, so each save starts the editors afresh. */}
          <SlaSettingsCard key={JSON.stringify(routing.data.settings)} settings={routing.data.settings} canEdit={canEdit} />
          <RoutingRules key={JSON.stringify(routing.data.rules)} rules={routing.data.rules} canEdit={canEdit} />
          <LeadAgents agents={routing.data.agents} canEdit={canEdit} />
        </Stack>
      ) : null}
    </>
  );
}
