import { useState, type FormEvent, type KeyboardEvent } from 'react';
import { ActionIcon, Anchor, Button, Card, Center, Group, Loader, Table, Text, TextInput, Tooltip } from '@mantine/core';
import { IconCheck, IconPencil, IconPlus, IconTags, IconTrash, IconX } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { isApiError } from '../../api/http.client.ts';
import { notifySuccess } from '../../api/query.client.ts';
import { EmptyPlaceholder } from '../../shell/empty-placeholder.component.tsx';
import { formatPrice, normalizePrice } from './price-format.ts';
import { notifyPriceListError } from './price-list-errors.ts';
import { usePriceListItems, useSetPriceListItems } from './price-lists.api.ts';
import { ProductPicker } from './product-picker.component.tsx';
import type { PriceList, PriceListItem, ProductHit } from './products.types.ts';

/**
 * The server's word on a one-row change: the row's own problem (`items.0`) when it names one,
 * else a toast. Returns the row's message, if any.
 */
function rowError(error: unknown): string | undefined {
  const message = isApiError(error) ? error.fieldErrors()['items.0'] ?? error.fieldErrors()['items.0.price'] : undefined;
  if (!message) notifyPriceListError(error);
  return message;
}

function PriceCell({ priceList, item, canEdit }: { priceList: PriceList; item: PriceListItem; canEdit: boolean }) {
  const { t } = useTranslation();
  const save = useSetPriceListItems(priceList.id);
  const [draft, setDraft] = useState<string | null>(null);
  const [error, setError] = useState<string>();

  const close = () => {
    setDraft(null);
    setError(undefined);
  };

  const onSave = () => {
    if (draft === null) return;
    const price = normalizePrice(draft);
    if (price === null) {
      setError(t('priceLists.priceInvalid'));
      return;
    }
    if (price === item.price) return close();
    save.mutate([{ product_id: item.product_id, price }], {
      onSuccess: () => {
        notifySuccess(t('priceLists.priceSaved', { name: item.name }));
        close();
      },
      onError: (failure) => setError(rowError(failure)),
    });
  };

  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'Enter') onSave();
    if (event.key === 'Escape') close();
  };

  if (draft === null) {
    return (
      <Group gap={4} justify="flex-end" wrap="nowrap">
        <Text size="sm" style={{ whiteSpace: 'nowrap' }}>{formatPrice(item.price, priceList.currency)}</Text>
        {canEdit && (
          <Tooltip label={t('priceLists.editPrice')} withArrow>
            <ActionIcon variant="subtle" color="gray" size="sm" aria-label={t('priceLists.editPrice')} onClick={() => setDraft(item.price)}>
              <IconPencil size={14} />
            </ActionIcon>
          </Tooltip>
        )}
      </Group>
    );
  }
  return (
    <Group gap={4} justify="flex-end" wrap="nowrap" align="flex-start">
      <TextInput
        size="xs"
        w={140}
        inputMode="decimal"
        aria-label={t('priceLists.priceOf', { name: item.name })}
        value={draft}
        error={error}
        rightSection={<Text size="xs" c="dimmed">{priceList.currency}</Text>}
        rightSectionWidth={40}
        onChange={(event) => setDraft(event.currentTarget.value)}
        onKeyDown={onKeyDown}
        autoFocus
      />
      <ActionIcon variant="subtle" color="teal" aria-label={t('common.save')} loading={save.isPending} onClick={onSave}>
        <IconCheck size={16} />
      </ActionIcon>
      <ActionIcon variant="subtle" color="gray" aria-label={t('common.cancel')} onClick={close}>
        <IconX size={16} />
      </ActionIcon>
    </Group>
  );
}

function RemoveItemButton({ priceList, item }: { priceList: PriceList; item: PriceListItem }) {
  const { t } = useTranslation();
  const remove = useSetPriceListItems(priceList.id);
  const onRemove = () =>
    remove.mutate([{ product_id: item.product_id, price: null }], {
      onSuccess: () => notifySuccess(t('priceLists.itemRemoved', { name: item.name })),
      onError: notifyPriceListError,
    });
  return (
    <Tooltip label={t('priceLists.removeItem')} withArrow>
      <ActionIcon variant="subtle" color="red" aria-label={t('priceLists.removeItemOf', { name: item.name })} loading={remove.isPending} onClick={onRemove}>
        <IconTrash size={16} />
      </ActionIcon>
    </Tooltip>
  );
}

/** Puts one more product in the list, or changes its price if it is there already. */
function PriceListAddItem({ priceList }: { priceList: PriceList }) {
  const { t } = useTranslation();
  const save = useSetPriceListItems(priceList.id);
  const [product, setProduct] = useState<ProductHit | null>(null);
  const [price, setPrice] = useState('');
  const [errors, setErrors] = useState<{ product?: string; price?: string }>({});

  const onPick = (picked: ProductHit | null) => {
    setProduct(picked);
    setErrors({});
    // The base price is a fair start when it is in the list's currency.
    if (picked?.price && picked.currency === priceList.currency && !price) setPrice(picked.price);
  };

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    const normalized = normalizePrice(price);
    const found = {
      product: product ? undefined : t('form.required'),
      price: normalized === null ? (price.trim() ? t('priceLists.priceInvalid') : t('form.required')) : undefined,
    };
    setErrors(found);
    if (!product || normalized === null) return;
    save.mutate([{ product_id: product.id, price: normalized }], {
      onSuccess: () => {
        notifySuccess(t('priceLists.itemAdded', { name: product.name }));
        setProduct(null);
        setPrice('');
      },
      onError: (failure) => setErrors({ product: rowError(failure) }),
    });
  };

  return (
    <form onSubmit={onSubmit} noValidate>
      <Group align="flex-start" gap="xs">
        <div style={{ flex: 1, minWidth: 240, maxWidth: 420 }}>
          <ProductPicker
            ariaLabel={t('priceLists.product')}
            placeholder={t('priceLists.pickProduct')}
            value={product?.id ?? null}
            valueLabel={product?.name}
            error={errors.product}
            onChange={onPick}
          />
        </div>
        <TextInput
          w={170}
          inputMode="decimal"
          aria-label={t('priceLists.price')}
          placeholder={t('priceLists.price')}
          value={price}
          error={errors.price}
          rightSection={<Text size="xs" c="dimmed">{priceList.currency}</Text>}
          rightSectionWidth={40}
          onChange={(event) => setPrice(event.currentTarget.value)}
        />
        <Button type="submit" variant="light" leftSection={<IconPlus size={16} />} loading={save.isPending}>{t('priceLists.addItem')}</Button>
      </Group>
    </form>
  );
}

/** The products of a list with their prices, a page at a time. */
function PriceListItems({ priceList, canEdit }: { priceList: PriceList; canEdit: boolean }) {
  const { t } = useTranslation();
  const items = usePriceListItems(priceList.id);
  const rows = items.data?.pages.flatMap((page) => page.data) ?? [];

  if (items.isPending) return <Center py="xl"><Loader /></Center>;
  if (rows.length === 0) {
    return (
      <EmptyPlaceholder
        icon={<IconTags size={28} />}
        title={t('priceLists.noItems')}
        description={canEdit ? t('priceLists.noItemsText') : undefined}
      />
    );
  }
  return (
    <>
      <Table.ScrollContainer minWidth={640}>
        <Table verticalSpacing="xs" horizontalSpacing="md" highlightOnHover>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('priceLists.product')}</Table.Th>
              <Table.Th w={160}>{t('priceLists.sku')}</Table.Th>
              <Table.Th w={100}>{t('priceLists.unit')}</Table.Th>
              <Table.Th w={260} ta="right">{t('priceLists.price')}</Table.Th>
              {canEdit && <Table.Th w={50} />}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((item) => (
              <Table.Tr key={item.product_id} data-testid="price-list-item">
                <Table.Td>
                  <Anchor component={Link} to={`/products/${item.product_id}`} size="sm">{item.name}</Anchor>
                </Table.Td>
                <Table.Td><Text size="sm" ff="monospace">{item.sku ?? '—'}</Text></Table.Td>
                <Table.Td><Text size="sm">{item.unit}</Text></Table.Td>
                <Table.Td><PriceCell priceList={priceList} item={item} canEdit={canEdit} /></Table.Td>
                {canEdit && <Table.Td><RemoveItemButton priceList={priceList} item={item} /></Table.Td>}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {items.hasNextPage && (
        <Center p="sm">
          <Button variant="subtle" loading={items.isFetchingNextPage} onClick={() => void items.fetchNextPage()}>{t('common.loadMore')}</Button>
        </Center>
      )}
    </>
  );
}

/** The frame of the items: a card with the add row above the table when the list may be changed. */
export function PriceListItemsCard({ priceList, canEdit }: { priceList: PriceList; canEdit: boolean }) {
  return (
    <Card withBorder padding={0} radius="md">
      {canEdit && (
        <Card.Section withBorder inheritPadding p="md">
          <PriceListAddItem priceList={priceList} />
        </Card.Section>
      )}
      <PriceListItems priceList={priceList} canEdit={canEdit} />
    </Card>
  );
}
