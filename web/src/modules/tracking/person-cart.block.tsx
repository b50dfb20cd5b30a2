import { Badge, Group, Stack, Table, Text } from '@mantine/core';
import { IconShoppingCart } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { formatDateTime, formatNumber } from '../../i18n/format.ts';
import { OverviewCard, OverviewEmpty, type PersonOverviewBlockProps } from '../customers/index.ts';
import { formatPrice } from '../products/index.ts';
import { usePersonActivity } from './tracking.api.ts';

/** The overview's open cart: what the person put in it and has not bought yet. */
export function PersonCartBlock({ person }: PersonOverviewBlockProps) {
  const { t } = useTranslation();
  const activity = usePersonActivity(person.id);
  if (activity.isError) return null;
  const cart = activity.data?.open_cart ?? null;
  const items = Object.entries(cart?.items ?? {});
  const currency = cart?.currency ?? '';
  return (
    <OverviewCard
      title={t('tracking.openCart')}
      icon={<IconShoppingCart size={16} />}
      isLoading={activity.isPending}
      testId="overview-cart"
      aside={cart?.checkout_started_at && <Badge size="sm" variant="light" color="yellow">{t('tracking.checkoutStarted')}</Badge>}
    >
      {!cart || items.length === 0 ? (
        <OverviewEmpty>{t('tracking.noCart')}</OverviewEmpty>
      ) : (
        <Stack gap="xs">
          <Table verticalSpacing={4}>
            <Table.Tbody>
              {items.map(([sku, item]) => (
                <Table.Tr key={sku} data-testid="overview-cart-item">
                  <Table.Td>
                    <Text size="sm">{item.name ?? sku}</Text>
                    {item.name && <Text size="xs" c="dimmed">{sku}</Text>}
                  </Table.Td>
                  <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }}>
                    <Text size="sm">× {formatNumber(item.quantity)}</Text>
                    {item.price !== null && <Text size="xs" c="dimmed">{formatPrice(item.price, currency)}</Text>}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
          <Group justify="space-between">
            <Text size="xs" c="dimmed">{t('tracking.cartUpdated', { when: formatDateTime(cart.updated_at) })}</Text>
            <Text size="sm" fw={600} data-testid="overview-cart-value">{formatPrice(cart.value, currency)}</Text>
          </Group>
        </Stack>
      )}
    </OverviewCard>
  );
}
