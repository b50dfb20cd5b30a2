import { Anchor, Badge, Card, Center, Group, Loader, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { IconShoppingBag } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { formatDateTime, formatNumber } from '../../i18n/format.ts';
import { EmptyPlaceholder } from '../../shell/empty-placeholder.component.tsx';
import { formatPrice } from '../products/index.ts';
import { useObjectTypes, type RecordData, type RecordTabProps } from '../records/index.ts';
import { orderOptionLabel } from './order-format.ts';
import { personOrdersFilter, usePersonOrders, usePersonPurchases } from './order-parts.api.ts';
import type { PurchaseTotals } from './order-parts.types.ts';

const ORDERS_SHOWN = 20;

function Figure({ label, value, testId }: { label: string; value: string; testId?: string }) {
  return (
    <div>
      <Text size="xs" c="dimmed" tt="uppercase" fw={600}>{label}</Text>
      <Text fw={600} style={{ whiteSpace: 'nowrap' }} data-testid={testId}>{value}</Text>
    </div>
  );
}

/** One currency's purchases: money only when the reader may see order totals. */
function TotalsCard({ totals }: { totals: PurchaseTotals }) {
  const { t } = useTranslation();
  const money = (amount: string | null) => (amount === null ? '—' : formatPrice(amount, totals.currency));
  return (
    <Card withBorder radius="md" data-testid={`purchases-${totals.currency}`}>
      <Stack gap="sm">
        <SimpleGrid cols={{ base: 2, sm: 4 }} spacing="md">
          <Figure label={t('personPurchases.orders')} value={formatNumber(totals.order_count)} testId="purchases-order-count" />
          <Figure label={t('personPurchases.revenue')} value={money(totals.revenue)} testId="purchases-revenue" />
          <Figure label={t('personPurchases.averageOrder')} value={money(totals.average_order_value)} />
          <Figure label={t('personPurchases.returned')} value={money(totals.returned)} testId="purchases-returned" />
          <Figure label={t('personPurchases.firstOrder')} value={formatDateTime(totals.first_order_at)} />
          <Figure label={t('personPurchases.lastOrder')} value={formatDateTime(totals.last_order_at)} />
        </SimpleGrid>
        {totals.categories.length > 0 && (
          <Group gap={4}>
            <Text size="xs" c="dimmed" tt="uppercase" fw={600} mr="xs">{t('personPurchases.categories')}</Text>
            {totals.categories.map((category) => <Badge key={category} variant="light" color="gray" tt="none">{category}</Badge>)}
          </Group>
        )}
      </Stack>
    </Card>
  );
}

function OrdersTable({ orders }: { orders: RecordData[] }) {
  const { t, i18n } = useTranslation();
  const orderType = useObjectTypes().data?.find((type) => type.type === 'order');
  return (
    <Table.ScrollContainer minWidth={560}>
      <Table verticalSpacing="xs" data-testid="person-orders">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('personPurchases.number')}</Table.Th>
            <Table.Th>{t('personPurchases.placedAt')}</Table.Th>
            <Table.Th>{t('personPurchases.status')}</Table.Th>
            <Table.Th ta="right">{t('personPurchases.total')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {orders.map((order) => (
            <Table.Tr key={order.id}>
              <Table.Td><Anchor component={Link} to={`/orders/${order.id}`} size="sm" fw={500}>{String(order.number ?? order.id.slice(0, 8))}</Anchor></Table.Td>
              <Table.Td>{formatDateTime(typeof order.placed_at === 'string' ? order.placed_at : null)}</Table.Td>
              <Table.Td><Badge variant="light">{orderOptionLabel(orderType, 'status', String(order.status ?? ''), i18n.language)}</Badge></Table.Td>
              <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }}>
                {typeof order.total === 'string' ? formatPrice(order.total, String(order.currency ?? '')) : '—'}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

/** What the person bought: totals per currency (net of returns) and their latest orders. */
export function PersonPurchasesTab({ record }: RecordTabProps) {
  const { t } = useTranslation();
  const purchases = usePersonPurchases(record.id);
  const orders = usePersonOrders(record.id, ORDERS_SHOWN);
  if (purchases.isPending || orders.isPending) return <Center py="xl"><Loader /></Center>;
  const totals = purchases.data ?? [];
  const latest = orders.data?.data ?? [];
  if (totals.length === 0 && latest.length === 0) {
    return <EmptyPlaceholder icon={<IconShoppingBag size={28} />} title={t('personPurchases.empty')} description={t('personPurchases.emptyText')} />;
  }
  return (
    <Stack>
      {totals.length === 0
        ? <Text size="sm" c="dimmed">{t('personPurchases.noPurchases')}</Text>
        : totals.map((item) => <TotalsCard key={item.currency} totals={item} />)}
      <Title order={5}>{t('personPurchases.ordersTitle')}</Title>
      {latest.length === 0 ? <Text size="sm" c="dimmed">{t('personPurchases.noOrders')}</Text> : <OrdersTable orders={latest} />}
      {latest.length > 0 && (
        <Anchor component={Link} to={`/orders?filter=${encodeURIComponent(personOrdersFilter(record.id))}`} size="sm">
          {orders.data?.next_cursor ? t('personPurchases.moreOrders', { count: ORDERS_SHOWN }) : t('personPurchases.allOrders')}
        </Anchor>
      )}
    </Stack>
  );
}
