import { Anchor, Badge, SimpleGrid, Stack, Table, Text } from '@mantine/core';
import { IconShoppingBag } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { formatDateTime, formatNumber } from '../../i18n/format.ts';
import { OverviewCard, OverviewEmpty, type PersonOverviewBlockProps } from '../customers/index.ts';
import { formatPrice } from '../products/index.ts';
import { useObjectTypes } from '../records/index.ts';
import { orderOptionLabel } from './order-format.ts';
import { usePersonOrders, usePersonPurchases } from './order-parts.api.ts';
import type { PurchaseTotals } from './order-parts.types.ts';

const LATEST_ORDERS = 5;

function Figure({ label, value }: { label: string; value: string }) {
  return (
    <div>
      <Text size="xs" c="dimmed">{label}</Text>
      <Text size="sm" fw={600} style={{ whiteSpace: 'nowrap' }}>{value}</Text>
    </div>
  );
}

function CurrencyTotals({ totals }: { totals: PurchaseTotals }) {
  const { t } = useTranslation();
  const money = (amount: string | null) => (amount === null ? '—' : formatPrice(amount, totals.currency));
  return (
    <SimpleGrid cols={{ base: 2, sm: 4 }} spacing="sm" data-testid={`overview-purchases-${totals.currency}`}>
      <Figure label={t('personPurchases.revenue')} value={money(totals.revenue)} />
      <Figure label={t('personPurchases.orders')} value={formatNumber(totals.order_count)} />
      <Figure label={t('personPurchases.averageOrder')} value={money(totals.average_order_value)} />
      <Figure label={t('personPurchases.lastOrder')} value={formatDateTime(totals.last_order_at)} />
    </SimpleGrid>
  );
}

/** The overview's purchases: totals per currency and the latest few orders; the Purchases tab has the rest. */
export function PersonPurchasesBlock({ person }: PersonOverviewBlockProps) {
  const { t, i18n } = useTranslation();
  const purchases = usePersonPurchases(person.id);
  const orders = usePersonOrders(person.id, LATEST_ORDERS);
  const orderType = useObjectTypes().data?.find((type) => type.type === 'order');
  if (purchases.isError || orders.isError) return null;
  const totals = purchases.data ?? [];
  const latest = orders.data?.data ?? [];
  return (
    <OverviewCard title={t('personPurchases.tab')} icon={<IconShoppingBag size={16} />} isLoading={purchases.isPending || orders.isPending} testId="overview-purchases">
      {totals.length === 0 && latest.length === 0 ? (
        <OverviewEmpty>{t('personPurchases.empty')}</OverviewEmpty>
      ) : (
        <Stack gap="sm">
          {totals.length === 0
            ? <OverviewEmpty>{t('personPurchases.noPurchases')}</OverviewEmpty>
            : totals.map((item) => <CurrencyTotals key={item.currency} totals={item} />)}
          {latest.length > 0 && (
            <Table verticalSpacing={4} data-testid="overview-orders">
              <Table.Tbody>
                {latest.map((order) => (
                  <Table.Tr key={order.id}>
                    <Table.Td><Anchor component={Link} to={`/orders/${order.id}`} size="sm">{String(order.number ?? order.id.slice(0, 8))}</Anchor></Table.Td>
                    <Table.Td><Text size="sm" c="dimmed">{formatDateTime(typeof order.placed_at === 'string' ? order.placed_at : null)}</Text></Table.Td>
                    <Table.Td><Badge size="sm" variant="light">{orderOptionLabel(orderType, 'status', String(order.status ?? ''), i18n.language)}</Badge></Table.Td>
                    <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }}>
                      <Text size="sm">{typeof order.total === 'string' ? formatPrice(order.total, String(order.currency ?? '')) : '—'}</Text>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          )}
        </Stack>
      )}
    </OverviewCard>
  );
}
