import { Card, Center, Loader, Table, Text, Title } from '@mantine/core';
import { IconCalendarStats } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { formatNumber } from '../../i18n/format.ts';
import { EmptyPlaceholder } from '../../shell/empty-placeholder.component.tsx';
import { formatMoney, formatMonth } from './deal-format.ts';
import { useDealForecast } from './deals.api.ts';
import type { ForecastMonth } from './deals.types.ts';

/** One total row per currency: amounts in different currencies never add up. */
function totalsByCurrency(months: ForecastMonth[]): ForecastMonth[] {
  const totals = new Map<string, ForecastMonth>();
  for (const row of months) {
    const total = totals.get(row.currency) ?? { month: '', currency: row.currency, count: 0, amount: '0', weighted: '0' };
    totals.set(row.currency, {
      ...total,
      count: total.count + row.count,
      amount: String(Number(total.amount) + Number(row.amount)),
      weighted: String(Number(total.weighted) + Number(row.weighted)),
    });
  }
  return [...totals.values()];
}

/** Open deals of one pipeline by expected close month: their value, and that value weighted by stage probability. */
export function DealForecast({ pipelineId }: { pipelineId: string | undefined }) {
  const { t } = useTranslation();
  const forecast = useDealForecast(pipelineId);
  const months = forecast.data ?? [];

  return (
    <Card withBorder radius="md" padding={0} mt="xl" data-testid="deal-forecast">
      <div style={{ padding: 'var(--mantine-spacing-md)', borderBottom: '1px solid var(--mantine-color-gray-3)' }}>
        <Title order={4}>{t('deals.forecastTitle')}</Title>
        <Text size="sm" c="dimmed">{t('deals.forecastText')}</Text>
      </div>
      {forecast.isPending ? (
        <Center py="xl"><Loader /></Center>
      ) : months.length === 0 ? (
        <EmptyPlaceholder icon={<IconCalendarStats size={28} />} title={t('deals.forecastEmptyTitle')} description={t('deals.forecastEmptyText')} />
      ) : (
        <Table.ScrollContainer minWidth={560}>
          <Table verticalSpacing="sm" horizontalSpacing="md" striped>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('deals.month')}</Table.Th>
                <Table.Th>{t('deals.currency')}</Table.Th>
                <Table.Th ta="right">{t('deals.dealCount')}</Table.Th>
                <Table.Th ta="right">{t('deals.pipeline')}</Table.Th>
                <Table.Th ta="right">{t('deals.weighted')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {months.map((row) => (
                <Table.Tr key={`${row.month}-${row.currency}`}>
                  <Table.Td>{formatMonth(row.month)}</Table.Td>
                  <Table.Td>{row.currency}</Table.Td>
                  <Table.Td ta="right">{formatNumber(row.count)}</Table.Td>
                  <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }}>{formatMoney(row.amount, row.currency)}</Table.Td>
                  <Table.Td ta="right" fw={600} style={{ whiteSpace: 'nowrap' }}>{formatMoney(row.weighted, row.currency)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
            <Table.Tfoot>
              {totalsByCurrency(months).map((row) => (
                <Table.Tr key={row.currency} fw={700}>
                  <Table.Td>{t('deals.total')}</Table.Td>
                  <Table.Td>{row.currency}</Table.Td>
                  <Table.Td ta="right">{formatNumber(row.count)}</Table.Td>
                  <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }}>{formatMoney(row.amount, row.currency)}</Table.Td>
                  <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }}>{formatMoney(row.weighted, row.currency)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tfoot>
          </Table>
        </Table.ScrollContainer>
      )}
    </Card>
  );
}
