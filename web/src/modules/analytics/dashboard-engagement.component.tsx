import { Card, SimpleGrid, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useEngagementKpis } from '../engagement/engagement.api.ts';
import type { AnalyticsFilters } from './analytics-filters.component.tsx';
import { formatCount, formatMoney, formatPercent } from './customer-analytics.parts.tsx';
import { DashboardWidget, PeriodNote } from './dashboard.parts.tsx';

function Figure({ testId, label, value, note }: { testId: string; label: string; value: string; note?: string }) {
  return (
    <Card withBorder radius="md" padding="sm" data-testid={`dashboard-engagement-${testId}`}>
      <Text size="xs" c="dimmed" fw={500} lineClamp={1}>{label}</Text>
      <Text fz={22} fw={700} data-testid="kpi-value">{value}</Text>
      {note && <Text size="xs" c="dimmed" lineClamp={1}>{note}</Text>}
    </Card>
  );
}

/** Revenue from mailings, the share of sales after a contact and response conversion for the dashboard's period. */
export function EngagementKpisWidget({ period }: { period: AnalyticsFilters }) {
  const { t } = useTranslation();
  const report = useEngagementKpis(period);
  const data = report.data;
  return (
    <DashboardWidget
      title={t('engagement.kpis.title')} to="/marketing/messages" testId="engagement" frame="section" isPending={report.isPending} error={report.error}
      isEmpty={!!data && data.delivered === 0 && data.orders === 0} emptyText={t('engagement.kpis.empty')}
    >
      {data && <PeriodNote period={data} />}
      {data && (
        <SimpleGrid cols={{ base: 1, xs: 2, md: 4 }} spacing="sm">
          <Figure testId="revenue" label={t('engagement.kpis.mailingRevenue')} value={formatMoney(data.mailing_revenue, data.currency)} />
          <Figure
            testId="share" label={t('engagement.kpis.shareOfSales')} value={formatPercent(data.share_of_sales_after_contact * 100)}
            note={t('engagement.kpis.ordersOf', { attributed: formatCount(data.attributed_orders), orders: formatCount(data.orders) })}
          />
          <Figure
            testId="response" label={t('engagement.kpis.responseConversion')} value={formatPercent(data.response_conversion * 100)}
            note={t('engagement.kpis.respondedOf', { responded: formatCount(data.responded), delivered: formatCount(data.delivered) })}
          />
          <Figure testId="orders" label={t('engagement.kpis.attributedOrders')} value={formatCount(data.attributed_orders)} />
        </SimpleGrid>
      )}
    </DashboardWidget>
  );
}
