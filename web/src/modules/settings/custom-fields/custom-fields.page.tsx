import { useState, type ReactNode } from 'react';
import { Button, Center, Group, Loader, SegmentedControl, Select, Table, Text } from '@mantine/core';
import { IconCheck, IconDatabase, IconForms, IconPlus } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router-dom';
import { notifySuccess } from '../../../api/query.client.ts';
import { ConfirmDialog } from '../../../shell/confirm-dialog.component.tsx';
import { EmptyPlaceholder } from '../../../shell/empty-placeholder.component.tsx';
import { PageHeader } from '../../../shell/page-header.component.tsx';
import { localized, useObjectTypes, type ObjectTypeMeta } from '../../records/index.ts';
import { SettingsRowActions } from '../settings-row-actions.component.tsx';
import { SettingsTableCard } from '../settings-table-card.component.tsx';
import { useCustomFields, useDeleteCustomField } from '../settings.api.ts';
import type { CustomField } from '../settings.types.ts';
import { CustomFieldEditModal } from './custom-field-edit.modal.tsx';

function KindCell({ field, objectTypes }: { field: CustomField; objectTypes: ObjectTypeMeta[] }) {
  const { t, i18n } = useTranslation();
  if (field.kind === 'relation') {
    const target = objectTypes.find((type) => type.type === field.references);
    return <Text size="sm">{t('customFields.relationTo', { type: target ? localized(target.label_plural, i18n.language) : field.references })}</Text>;
  }
  return (
    <Group gap={6}>
      <Text size="sm">{t(`customFields.kinds.${field.kind}`)}</Text>
      {field.options && <Text size="xs" c="dimmed">{t('customFields.optionCount', { count: field.options.length })}</Text>}
    </Group>
  );
}

interface CustomFieldsListProps {
  objectType: ObjectTypeMeta;
  objectTypes: ObjectTypeMeta[];
  /** Shown left of the add button. */
  typePicker: ReactNode;
}

function CustomFieldsList({ objectType, objectTypes, typePicker }: CustomFieldsListProps) {
  const { t } = useTranslation();
  const fields = useCustomFields(objectType.type);
  const remove = useDeleteCustomField();
  // undefined: closed; null: adding; a field: editing it.
  const [editing, setEditing] = useState<CustomField | null | undefined>(undefined);
  const [deleting, setDeleting] = useState<CustomField | null>(null);

  const onDelete = () => {
    if (!deleting) return;
    remove.mutate(deleting.id, {
      onSuccess: () => {
        notifySuccess(t('customFields.deleted', { label: deleting.label }));
        setDeleting(null);
      },
    });
  };

  return (
    <>
      <Group justify="space-between" mb="md">
        {typePicker}
        <Button leftSection={<IconPlus size={16} />} onClick={() => setEditing(null)}>{t('customFields.add')}</Button>
      </Group>
      <SettingsTableCard
        isPending={fields.isPending}
        isEmpty={(fields.data ?? []).length === 0}
        minWidth={720}
        empty={
          <EmptyPlaceholder
            icon={<IconForms size={28} />}
            title={t('customFields.empty')}
            description={t('customFields.emptyText')}
            action={<Button onClick={() => setEditing(null)}>{t('customFields.add')}</Button>}
          />
        }
      >
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('customFields.label')}</Table.Th>
            <Table.Th w={200}>{t('customFields.key')}</Table.Th>
            <Table.Th w={200}>{t('customFields.kind')}</Table.Th>
            <Table.Th w={130} ta="center">{t('customFields.required')}</Table.Th>
            <Table.Th w={190} ta="center">{t('customFields.pii')}</Table.Th>
            <Table.Th w={90} />
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {(fields.data ?? []).map((field) => (
            <Table.Tr key={field.id}>
              <Table.Td><Text size="sm" fw={500}>{field.label}</Text></Table.Td>
              <Table.Td><Text size="sm" ff="monospace">{field.key}</Text></Table.Td>
              <Table.Td><KindCell field={field} objectTypes={objectTypes} /></Table.Td>
              <Table.Td ta="center">
                {field.is_required && <IconCheck size={16} aria-label={t('customFields.required')} color="var(--mantine-color-teal-7)" />}
              </Table.Td>
              <Table.Td ta="center">
                {field.classification !== 'plain' && (
                  <IconCheck size={16} aria-label={t(`privacy.classification.${field.classification}`)} color={`var(--mantine-color-${field.classification === 'sensitive' ? 'red' : 'grape'}-7)`} />
                )}
              </Table.Td>
              <Table.Td>
                <SettingsRowActions onEdit={() => setEditing(field)} onDelete={() => setDeleting(field)} />
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </SettingsTableCard>
      {editing !== undefined && (
        <CustomFieldEditModal objectType={objectType} objectTypes={objectTypes} field={editing ?? undefined} onClose={() => setEditing(undefined)} />
      )}
      <ConfirmDialog
        opened={deleting !== null}
        title={t('customFields.deleteTitle')}
        message={t('customFields.deleteText', { label: deleting?.label ?? '' })}
        confirmLabel={t('common.delete')}
        isPending={remove.isPending}
        onConfirm={onDelete}
        onClose={() => setDeleting(null)}
      />
    </>
  );
}

/** The workspace's custom fields, one record type at a time (the type is kept in the URL). */
export function CustomFieldsPage() {
  const { t, i18n } = useTranslation();
  const [params, setParams] = useSearchParams();
  const objectTypes = useObjectTypes();
  const types = objectTypes.data ?? [];
  const objectType = types.find((type) => type.type === params.get('type')) ?? types[0];
  const pick = (type: string | null) => {
    if (type) setParams({ type }, { replace: true });
  };
  const options = (isCustomObject: boolean) => types
    .filter((type) => type.is_custom_object === isCustomObject)
    .map((type) => ({ value: type.type, label: localized(type.label_plural, i18n.language) }));
  const customObjects = options(true);

  return (
    <>
      <PageHeader title={t('customFields.title')} description={t('customFields.description')} />
      {objectTypes.isPending ? (
        <Center py="xl"><Loader /></Center>
      ) : objectType && (
        <CustomFieldsList
          key={objectType.type}
          objectType={objectType}
          objectTypes={types}
          typePicker={
            // The workspace's own types have a select of their own: there may be more than a row holds.
            <Group gap="xs">
              <SegmentedControl aria-label={t('customFields.recordType')} value={objectType.type} onChange={pick} data={options(false)} />
              {customObjects.length > 0 && (
                <Select
                  aria-label={t('customObjects.title')}
                  placeholder={t('customObjects.title')}
                  leftSection={<IconDatabase size={16} />}
                  data={customObjects}
                  value={objectType.is_custom_object ? objectType.type : null}
                  onChange={pick}
                  allowDeselect={false}
                  w={240}
                  comboboxProps={{ withinPortal: true }}
                />
              )}
            </Group>
          }
        />
      )}
    </>
  );
}
