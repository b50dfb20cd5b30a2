import { Anchor, Badge, Center, Group, Loader, Table, Text } from '@mantine/core';
import { IconTags } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { EmptyPlaceholder } from '../../shell/empty-placeholder.component.tsx';
import type { RecordTabProps } from '../records/index.ts';
import { formatPrice } from './price-format.ts';
import { useProductPrices } from './price-lists.api.ts';

/** What the product costs in each price list that has it; the base price is on the details tab. */
export function ProductPricesTab({ record }: RecordTabProps) {
  const { t } = useTranslation();
  const prices = useProductPrices(record.id);
  const rows = prices.data ?? [];

  if (prices.isPending) return <Center py="xl"><Loader /></Center>;
  if (rows.length === 0) {
    return (
      <EmptyPlaceholder
        icon={<IconTags size={28} />}
        title={t('productPrices.empty')}
        description={t('productPrices.emptyText')}
        action={<Anchor component={Link} to="/price-lists" size="sm">{t('productPrices.openPriceLists')}</Anchor>}
      />
    );
  }
  return (
    <Table.ScrollContainer minWidth={480}>
      <Table verticalSpacing="xs" highlightOnHover>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('productPrices.priceList')}</Table.Th>
            <Table.Th w={100}>{t('productPrices.currency')}</Table.Th>
            <Table.Th w={180} ta="right">{t('productPrices.price')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((row) => (
            <Table.Tr key={row.price_list_id} data-testid="product-price">
              <Table.Td>
                <Group gap="xs" wrap="nowrap">
                  <Anchor component={Link} to={`/price-lists/${row.price_list_id}`} size="sm">{row.name}</Anchor>
                  {row.is_default && <Badge size="sm" variant="light">{t('priceLists.default')}</Badge>}
                </Group>
              </Table.Td>
              <Table.Td><Text size="sm">{row.currency}</Text></Table.Td>
              <Table.Td ta="right"><Text size="sm" style={{ whiteSpace: 'nowrap' }}>{formatPrice(row.price, row.currency)}</Text></Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
