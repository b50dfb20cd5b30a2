import { Group, Stack, Text, ThemeIcon } from '@mantine/core';
import { IconClick, IconEye, IconForms, IconMail, IconShoppingCart, IconShoppingCartX, IconUserCheck, IconWorldWww } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../i18n/format.ts';
import { OverviewCard, OverviewEmpty, type PersonOverviewBlockProps } from '../customers/index.ts';
import { usePersonEvents } from './tracking.api.ts';
import { eventDetail } from './tracking-format.ts';

const EVENTS_SHOWN = 10;

const ICONS: Record<string, typeof IconClick> = {
  page_view: IconWorldWww, product_view: IconEye, add_to_cart: IconShoppingCart, remove_from_cart: IconShoppingCartX,
  checkout_started: IconShoppingCart, form_submitted: IconForms, identify: IconUserCheck, email_opened: IconMail, email_clicked: IconClick,
};

/** The overview's last behavioural events: what the person did on the site and in email, newest first. */
export function PersonEventsBlock({ person }: PersonOverviewBlockProps) {
  const { t } = useTranslation();
  const events = usePersonEvents(person.id, EVENTS_SHOWN);
  if (events.isError) return null;
  const list = events.data?.data ?? [];
  return (
    <OverviewCard title={t('tracking.lastEvents')} icon={<IconClick size={16} />} isLoading={events.isPending} testId="overview-events">
      {list.length === 0 ? (
        <OverviewEmpty>{t('tracking.noEvents')}</OverviewEmpty>
      ) : (
        <Stack gap={6}>
          {list.map((event) => {
            const EventIcon = ICONS[event.type] ?? IconClick;
            const detail = eventDetail(event);
            return (
              <Group key={event.id} gap="sm" wrap="nowrap" align="flex-start" data-testid="overview-event" data-event-type={event.type}>
                <ThemeIcon size="sm" variant="light" color="gray"><EventIcon size={12} /></ThemeIcon>
                <div style={{ minWidth: 0, flex: 1 }}>
                  <Text size="sm">
                    {t(`tracking.events.${event.type}`, { defaultValue: event.type })}
                    {detail && <Text span size="sm" c="dimmed"> · {detail}</Text>}
                  </Text>
                </div>
                <Text size="xs" c="dimmed" style={{ whiteSpace: 'nowrap' }}>{formatDateTime(event.occurred_at)}</Text>
              </Group>
            );
          })}
        </Stack>
      )}
    </OverviewCard>
  );
}
