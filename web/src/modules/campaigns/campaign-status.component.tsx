import { Badge, Progress, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { Campaign, CampaignStatus } from './campaigns.types.ts';

const STATUS_COLORS: Record<CampaignStatus, string> = {
  draft: 'gray', scheduled: 'violet', sending: 'blue', paused: 'yellow', completed: 'green', cancelled: 'red',
};

export function CampaignStatusBadge({ status }: { status: CampaignStatus }) {
  const { t } = useTranslation();
  return <Badge variant="light" color={STATUS_COLORS[status]} data-testid="campaign-status">{t(`campaigns.statuses.${status}`)}</Badge>;
}

/** How far sending got: people queued of those who get a message (the holdout gets none). */
export function CampaignProgress({ campaign }: { campaign: Campaign }) {
  const { t } = useTranslation();
  const { progress } = campaign;
  const total = progress.audience - progress.held_out;
  const done = progress.queued + progress.failed;
  return (
    <Stack gap={4}>
      <Progress value={total > 0 ? (100 * done) / total : 0} size="sm" animated={campaign.status === 'sending'} />
      <Text size="xs" c="dimmed" data-testid="campaign-progress">
        {t('campaigns.progressText', { queued: progress.queued, total, sent: progress.sent, skipped: progress.skipped })}
      </Text>
    </Stack>
  );
}
