import { useState } from 'react';
import { Anchor, Button, Table, Text } from '@mantine/core';
import { IconDatabase, IconPlus } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { notifySuccess } from '../../../api/query.client.ts';
import { ConfirmDialog } from '../../../shell/confirm-dialog.component.tsx';
import { EmptyPlaceholder } from '../../../shell/empty-placeholder.component.tsx';
import { PageHeader } from '../../../shell/page-header.component.tsx';
import { localized, useObjectTypes, type ObjectTypeMeta } from '../../records/index.ts';
import { SettingsRowActions } from '../settings-row-actions.component.tsx';
import { SettingsTableCard } from '../settings-table-card.component.tsx';
import { CustomObjectEditModal } from './custom-object-edit.modal.tsx';
import { useCustomObjects, useDeleteCustomObject } from './custom-objects.api.ts';
import type { CustomObject } from './custom-objects.types.ts';

/** The object's name, linking to its records once its record type has loaded. */
function NameCell({ customObject, objectType }: { customObject: CustomObject; objectType: ObjectTypeMeta | undefined }) {
  const { i18n } = useTranslation();
  const name = localized(customObject.label_plural, i18n.language);
  return (
    <>
      {objectType ? <Anchor component={Link} to={`/${objectType.plural}`} size="sm" fw={500}>{name}</Anchor> : <Text size="sm" fw={500}>{name}</Text>}
      <Text size="xs" c="dimmed">{localized(customObject.label, i18n.language)}</Text>
    </>
  );
}

/** Its custom fields, counted from the record type, linking to the custom fields page for the type. */
function FieldsCell({ customObject, objectType }: { customObject: CustomObject; objectType: ObjectTypeMeta | undefined }) {
  const { t } = useTranslation();
  const count = objectType?.fields.filter((field) => field.is_custom).length ?? 0;
  return (
    <Anchor component={Link} to={`/settings/custom-fields?type=${customObject.type}`} size="sm">
      {count > 0 ? t('customObjects.fieldCount', { count }) : t('customObjects.addFields')}
    </Anchor>
  );
}

/** The record types this workspace defines for itself, e.g. contracts or properties. */
export function CustomObjectsPage() {
  const { t, i18n } = useTranslation();
  const customObjects = useCustomObjects();
  const objectTypes = useObjectTypes();
  const remove = useDeleteCustomObject();
  // undefined: closed; null: adding; an object: renaming it.
  const [editing, setEditing] = useState<CustomObject | null | undefined>(undefined);
  const [deleting, setDeleting] = useState<CustomObject | null>(null);
  const list = customObjects.data ?? [];
  const typeOf = (customObject: CustomObject) => objectTypes.data?.find((type) => type.type === customObject.type);

  const onDelete = () => {
    if (!deleting) return;
    const name = localized(deleting.label_plural, i18n.language);
    // A refusal (records still there) comes as a toast with the server's count.
    remove.mutate(deleting.id, {
      onSuccess: () => notifySuccess(t('customObjects.deleted', { name })),
      onSettled: () => setDeleting(null),
    });
  };

  return (
    <>
      <PageHeader
        title={t('customObjects.title')}
        description={t('customObjects.description')}
        actions={<Button leftSection={<IconPlus size={16} />} onClick={() => setEditing(null)}>{t('customObjects.add')}</Button>}
      />
      <SettingsTableCard
        isPending={customObjects.isPending}
        isEmpty={list.length === 0}
        minWidth={720}
        empty={
          <EmptyPlaceholder
            icon={<IconDatabase size={28} />}
            title={t('customObjects.empty')}
            description={t('customObjects.emptyText')}
            action={<Button onClick={() => setEditing(null)}>{t('customObjects.add')}</Button>}
          />
        }
      >
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('customObjects.object')}</Table.Th>
            <Table.Th w={180}>{t('customObjects.key')}</Table.Th>
            <Table.Th w={200}>{t('customObjects.nameLabel')}</Table.Th>
            <Table.Th w={160}>{t('customObjects.fields')}</Table.Th>
            <Table.Th w={90} />
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {list.map((customObject) => (
            <Table.Tr key={customObject.id} data-testid="custom-object-row">
              <Table.Td><NameCell customObject={customObject} objectType={typeOf(customObject)} /></Table.Td>
              <Table.Td><Text size="sm" ff="monospace">{customObject.key}</Text></Table.Td>
              <Table.Td><Text size="sm">{localized(customObject.name_label, i18n.language)}</Text></Table.Td>
              <Table.Td><FieldsCell customObject={customObject} objectType={typeOf(customObject)} /></Table.Td>
              <Table.Td>
                <SettingsRowActions onEdit={() => setEditing(customObject)} onDelete={() => setDeleting(customObject)} />
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </SettingsTableCard>
      {editing !== undefined && <CustomObjectEditModal customObject={editing ?? undefined} onClose={() => setEditing(undefined)} />}
      <ConfirmDialog
        opened={deleting !== null}
        title={t('customObjects.deleteTitle')}
        message={t('customObjects.deleteText', { name: deleting ? localized(deleting.label_plural, i18n.language) : '' })}
        confirmLabel={t('common.delete')}
        isPending={remove.isPending}
        onConfirm={onDelete}
        onClose={() => setDeleting(null)}
      />
    </>
  );
}
