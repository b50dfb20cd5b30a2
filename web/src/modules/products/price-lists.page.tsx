import { useState } from 'react';
import { ActionIcon, Alert, Anchor, Badge, Button, Card, Center, Group, Loader, Stack, Table, Text, Title, Tooltip } from '@mantine/core';
import { IconLock, IconPencil, IconPlus, IconStar, IconTags, IconTrash } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { notifySuccess } from '../../api/query.client.ts';
import { formatNumber } from '../../i18n/format.ts';
import { ConfirmDialog } from '../../shell/confirm-dialog.component.tsx';
import { EmptyPlaceholder } from '../../shell/empty-placeholder.component.tsx';
import { PageHeader } from '../../shell/page-header.component.tsx';
import { useSession } from '../auth/auth.api.ts';
import { PriceListEditModal } from './price-list-edit.modal.tsx';
import { canConfigurePriceLists } from './price-list-permissions.ts';
import { useDeletePriceList, usePriceLists, useUpdatePriceList } from './price-lists.api.ts';
import type { PriceList } from './products.types.ts';

/** The server sends the lists ordered by currency, so grouping keeps that order. */
function byCurrency(lists: PriceList[]): [string, PriceList[]][] {
  const groups = new Map<string, PriceList[]>();
  for (const list of lists) groups.set(list.currency, [...(groups.get(list.currency) ?? []), list]);
  return [...groups];
}

interface CurrencyGroupProps {
  currency: string;
  lists: PriceList[];
  canEdit: boolean;
  onRename: (list: PriceList) => void;
  onDelete: (list: PriceList) => void;
}

function CurrencyGroup({ currency, lists, canEdit, onRename, onDelete }: CurrencyGroupProps) {
  const { t } = useTranslation();
  const update = useUpdatePriceList();

  const onMakeDefault = (list: PriceList) =>
    update.mutate({ id: list.id, is_default: true }, { onSuccess: () => notifySuccess(t('priceLists.madeDefault', { name: list.name, currency })) });

  return (
    <Card withBorder padding={0} radius="md" data-testid="price-list-group">
      <Group px="md" pt="sm" pb={4} gap="xs">
        <Title order={5}>{currency}</Title>
        {!lists.some((list) => list.is_default) && (
          <Text size="xs" c="dimmed">{t('priceLists.noDefault')}</Text>
        )}
      </Group>
      <Table.ScrollContainer minWidth={560}>
        <Table verticalSpacing="sm" horizontalSpacing="md" highlightOnHover>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('priceLists.name')}</Table.Th>
              <Table.Th w={140} ta="right">{t('priceLists.itemCount')}</Table.Th>
              {canEdit && <Table.Th w={130} />}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {lists.map((list) => (
              <Table.Tr key={list.id} data-testid="price-list-row">
                <Table.Td>
                  <Group gap="xs" wrap="nowrap">
                    <Anchor component={Link} to={`/price-lists/${list.id}`} size="sm" fw={500}>{list.name}</Anchor>
                    {list.is_default && <Badge size="sm" variant="filled">{t('priceLists.default')}</Badge>}
                  </Group>
                </Table.Td>
                <Table.Td ta="right">{formatNumber(list.item_count)}</Table.Td>
                {canEdit && (
                  <Table.Td>
                    <Group gap={4} justify="flex-end" wrap="nowrap">
                      {!list.is_default && (
                        <Tooltip label={t('priceLists.makeDefault')} withArrow>
                          <ActionIcon
                            variant="subtle"
                            color="gray"
                            aria-label={t('priceLists.makeDefault')}
                            loading={update.isPending && update.variables.id === list.id}
                            onClick={() => onMakeDefault(list)}
                          >
                            <IconStar size={16} />
                          </ActionIcon>
                        </Tooltip>
                      )}
                      <Tooltip label={t('priceLists.rename')} withArrow>
                        <ActionIcon variant="subtle" color="gray" aria-label={t('priceLists.rename')} onClick={() => onRename(list)}>
                          <IconPencil size={16} />
                        </ActionIcon>
                      </Tooltip>
                      <Tooltip label={t('common.delete')} withArrow>
                        <ActionIcon variant="subtle" color="red" aria-label={t('common.delete')} onClick={() => onDelete(list)}>
                          <IconTrash size={16} />
                        </ActionIcon>
                      </Tooltip>
                    </Group>
                  </Table.Td>
                )}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </Card>
  );
}

/** Price lists by currency: whoever reads products may look; managers and administrators change them. */
export function PriceListsPage() {
  const { t } = useTranslation();
  const me = useSession();
  const canEdit = canConfigurePriceLists(me);
  const priceLists = usePriceLists();
  const remove = useDeletePriceList();
  // undefined: closed; null: adding; a list: renaming it.
  const [editing, setEditing] = useState<PriceList | null | undefined>(undefined);
  const [deleting, setDeleting] = useState<PriceList | null>(null);
  const groups = byCurrency(priceLists.data ?? []);

  const onDelete = () => {
    if (!deleting) return;
    remove.mutate(deleting.id, {
      onSuccess: () => notifySuccess(t('priceLists.deleted', { name: deleting.name })),
      onSettled: () => setDeleting(null),
    });
  };

  const addButton = canEdit && (
    <Button leftSection={<IconPlus size={16} />} onClick={() => setEditing(null)}>{t('priceLists.add')}</Button>
  );

  return (
    <>
      <PageHeader title={t('priceLists.title')} description={t('priceLists.description')} actions={addButton} />
      {!canEdit && <Alert color="gray" icon={<IconLock size={18} />} mb="md">{t('priceLists.readOnly')}</Alert>}
      {priceLists.isPending ? (
        <Center py="xl"><Loader /></Center>
      ) : groups.length === 0 ? (
        <Card withBorder radius="md">
          <EmptyPlaceholder icon={<IconTags size={28} />} title={t('priceLists.empty')} description={t('priceLists.emptyText')} action={addButton} />
        </Card>
      ) : (
        <Stack>
          {groups.map(([currency, lists]) => (
            <CurrencyGroup key={currency} currency={currency} lists={lists} canEdit={canEdit} onRename={setEditing} onDelete={setDeleting} />
          ))}
        </Stack>
      )}
      {editing !== undefined && <PriceListEditModal priceList={editing ?? undefined} onClose={() => setEditing(undefined)} />}
      <ConfirmDialog
        opened={deleting !== null}
        title={t('priceLists.deleteTitle')}
        message={t('priceLists.deleteText', { name: deleting?.name ?? '' })}
        confirmLabel={t('common.delete')}
        isPending={remove.isPending}
        onConfirm={onDelete}
        onClose={() => setDeleting(null)}
      />
    </>
  );
}
