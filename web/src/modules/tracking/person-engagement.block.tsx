import { Badge, SimpleGrid, Text } from '@mantine/core';
import { IconActivityHeartbeat } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../i18n/format.ts';
import { OverviewCard, OverviewEmpty, type PersonOverviewBlockProps } from '../customers/index.ts';
import { usePersonActivity } from './tracking.api.ts';

function Figure({ label, value }: { label: string; value: string }) {
  return (
    <div>
      <Text size="xs" c="dimmed">{label}</Text>
      <Text size="sm">{value}</Text>
    </div>
  );
}

/** The overview's engagement: active or sleeping, and when the person was last on the site and in email. */
export function PersonEngagementBlock({ person }: PersonOverviewBlockProps) {
  const { t } = useTranslation();
  const activity = usePersonActivity(person.id);
  if (activity.isError) return null;
  const engagement = activity.data?.engagement ?? null;
  const status = engagement && (
    <Badge size="sm" variant="light" color={engagement.status === 'active' ? 'teal' : 'gray'} data-testid="overview-engagement-status">
      {t(`tracking.engagement.${engagement.status}`)}
    </Badge>
  );
  return (
    <OverviewCard title={t('tracking.engagementTitle')} icon={<IconActivityHeartbeat size={16} />} isLoading={activity.isPending} testId="overview-engagement" aside={status}>
      {engagement ? (
        <SimpleGrid cols={2} spacing="sm">
          <Figure label={t('tracking.lastSite')} value={engagement.last_site_at ? formatDateTime(engagement.last_site_at) : t('tracking.never')} />
          <Figure label={t('tracking.lastEmail')} value={engagement.last_email_at ? formatDateTime(engagement.last_email_at) : t('tracking.never')} />
        </SimpleGrid>
      ) : (
        <OverviewEmpty>{t('tracking.noEngagement')}</OverviewEmpty>
      )}
    </OverviewCard>
  );
}
