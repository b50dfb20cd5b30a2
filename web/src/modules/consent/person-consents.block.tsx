import { Badge, Group, Stack, Text } from '@mantine/core';
import { IconShieldCheck } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { OverviewCard, type PersonOverviewBlockProps } from '../customers/index.ts';
import { usePersonConsents } from './consent.api.ts';
import { CHANNELS, PURPOSES, type ConsentState, type ConsentStatus } from './consent.types.ts';

const STATUS_COLOR: Record<ConsentStatus, string> = { granted: 'teal', withdrawn: 'red', pending: 'yellow' };

/** One channel: the purposes it has an entry for, each with its latest status. */
function ChannelConsents({ channel, states }: { channel: (typeof CHANNELS)[number]; states: ConsentState[] }) {
  const { t } = useTranslation();
  const recorded = PURPOSES.flatMap((purpose) => states.filter((state) => state.channel === channel && state.purpose === purpose));
  return (
    <div data-testid={`overview-consent-${channel}`}>
      <Text size="xs" c="dimmed">{t(`consents.channels.${channel}`)}</Text>
      {recorded.length === 0 ? (
        <Text size="sm" c="dimmed">{t('personOverview.noConsent')}</Text>
      ) : (
        <Group gap={4}>
          {recorded.map((state) => (
            <Badge key={state.purpose} size="sm" variant="light" color={STATUS_COLOR[state.status]} tt="none"
              title={t(`consents.status.${state.status}`)}>
              {t(`consents.purposes.${state.purpose}`)}: {t(`consents.status.${state.status}`).toLowerCase()}
            </Badge>
          ))}
        </Group>
      )}
    </div>
  );
}

/** The overview's consents: the current state per channel; the Consents tab has the ledger and the form. */
export function PersonConsentsBlock({ person }: PersonOverviewBlockProps) {
  const { t } = useTranslation();
  const consents = usePersonConsents(person.id);
  if (consents.isError) return null;
  const current = consents.data?.pages[0]?.current ?? [];
  return (
    <OverviewCard title={t('consents.tab')} icon={<IconShieldCheck size={16} />} isLoading={consents.isPending} testId="overview-consents">
      <Stack gap="xs">
        {CHANNELS.map((channel) => <ChannelConsents key={channel} channel={channel} states={current} />)}
      </Stack>
    </OverviewCard>
  );
}
