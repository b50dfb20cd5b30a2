import { useState } from 'react';
import { Anchor, Button, Card, Center, Group, Loader, Stack, Text, TextInput } from '@mantine/core';
import { IconArrowLeft } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { notifySuccess } from '../../api/query.client.ts';
import { formatDateTime } from '../../i18n/format.ts';
import { ConfirmDialog } from '../../shell/confirm-dialog.component.tsx';
import { NotFoundPage } from '../../shell/not-found.page.tsx';
import { PageHeader } from '../../shell/page-header.component.tsx';
import { useSession } from '../auth/auth.api.ts';
import { canRunCampaigns } from './campaign-permissions.ts';
import { CampaignReportView } from './campaign-report.component.tsx';
import { CampaignProgress, CampaignStatusBadge } from './campaign-status.component.tsx';
import { useCampaign, useCampaignAction, useCampaignReport, useScheduleCampaign } from './campaigns.api.ts';
import type { Campaign, CampaignAction, CampaignStatus } from './campaigns.types.ts';

/** Mirrors the server's state machine: the actions each status offers. */
const ACTIONS: Record<CampaignStatus, CampaignAction[]> = {
  draft: ['start', 'cancel'], scheduled: ['start', 'cancel'], sending: ['pause', 'cancel'], paused: ['resume', 'cancel'], completed: [], cancelled: [],
};

function CampaignActions({ campaign }: { campaign: Campaign }) {
  const { t } = useTranslation();
  const act = useCampaignAction();
  const schedule = useScheduleCampaign();
  const [confirming, setConfirming] = useState<CampaignAction | null>(null);
  const [scheduleAt, setScheduleAt] = useState('');
  const isEditable = campaign.status === 'draft' || campaign.status === 'scheduled';
  const onConfirm = () => {
    if (!confirming) return;
    act.mutate({ id: campaign.id, action: confirming }, {
      onSuccess: () => notifySuccess(t(`campaigns.done.${confirming}`)),
      onSettled: () => setConfirming(null),
    });
  };
  return (
    <>
      <Group>
        {isEditable && <Button variant="default" component={Link} to={`/marketing/campaigns/${campaign.id}/edit`}>{t('common.edit')}</Button>}
        {ACTIONS[campaign.status].map((action) => (
          <Button key={action} color={action === 'cancel' ? 'red' : undefined} variant={action === 'cancel' ? 'light' : 'filled'} onClick={() => setConfirming(action)}>
            {t(`campaigns.actions.${action}`)}
          </Button>
        ))}
      </Group>
      {isEditable && (
        <Group align="flex-end" mt="sm">
          <TextInput type="datetime-local" label={t('campaigns.scheduleAt')} value={scheduleAt} onChange={(e) => setScheduleAt(e.currentTarget.value)} />
          <Button variant="light" disabled={!scheduleAt} loading={schedule.isPending}
            onClick={() => schedule.mutate({ id: campaign.id, scheduledAt: new Date(scheduleAt).toISOString() })}>{t('campaigns.schedule')}</Button>
        </Group>
      )}
      <ConfirmDialog
        opened={confirming !== null}
        title={confirming ? t(`campaigns.confirm.${confirming}.title`) : ''}
        message={confirming ? t(`campaigns.confirm.${confirming}.text`, { name: campaign.name }) : ''}
        confirmLabel={confirming ? t(`campaigns.actions.${confirming}`) : ''}
        isPending={act.isPending}
        onConfirm={onConfirm}
        onClose={() => setConfirming(null)}
      />
    </>
  );
}

/** A campaign: its status, the actions it allows, how far sending got and its report. */
export function CampaignPage() {
  const { t } = useTranslation();
  const { id } = useParams();
  const canRun = canRunCampaigns(useSession());
  const campaign = useCampaign(id);
  const report = useCampaignReport(campaign.data);
  if (campaign.isPending) return <Center py="xl"><Loader /></Center>;
  if (!campaign.data) return <NotFoundPage />;
  const data = campaign.data;
  return (
    <>
      <Anchor component={Link} to="/marketing/campaigns" size="sm" mb="xs" display="inline-flex" style={{ alignItems: 'center', gap: 4 }}>
        <IconArrowLeft size={14} /> {t('campaigns.title')}
      </Anchor>
      <PageHeader title={data.name} actions={<CampaignStatusBadge status={data.status} />} />
      <Stack>
        <Card withBorder>
          <Stack>
            <Text size="sm" c="dimmed">
              {t(`campaigns.channels.${data.channel}`)} · {t(`campaigns.purposes.${data.purpose}`)} · {data.variants.map((v) => `${v.key} ${v.share}%`).join(', ')}
              {data.holdout_share > 0 && ` · ${t('campaigns.holdoutLabel')} ${data.holdout_share}%`}
              {data.scheduled_at && data.status === 'scheduled' && ` · ${t('campaigns.scheduled', { at: formatDateTime(data.scheduled_at) })}`}
            </Text>
            {data.status !== 'draft' && <CampaignProgress campaign={data} />}
            {canRun && <CampaignActions campaign={data} />}
          </Stack>
        </Card>
        <Text fw={600}>{t('campaigns.report.title')}</Text>
        {report.data ? <CampaignReportView campaign={data} report={report.data} /> : <Text size="sm" c="dimmed">{t('campaigns.report.empty')}</Text>}
      </Stack>
    </>
  );
}
