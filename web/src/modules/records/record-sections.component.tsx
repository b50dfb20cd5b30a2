import { Button, Center, Group, Loader, SimpleGrid, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { notifySuccess } from '../../api/query.client.ts';
import { AuditTable } from '../audit/index.ts';
import { useSession } from '../auth/auth.api.ts';
import { fieldAccess } from '../auth/permissions.ts';
import { FieldInput } from './field-input.component.tsx';
import { FieldValue } from './field-value.component.tsx';
import { computedFields, isFilled, localized, shownFields } from './record-fields.ts';
import { useRecordForm } from './record-form.hooks.ts';
import { useRecordAudit, useUpdateRecord } from './records.api.ts';
import type { FieldMeta, ObjectTypeMeta, RecordData } from './records.types.ts';

interface RecordSectionProps {
  objectType: ObjectTypeMeta;
  record: RecordData;
  /** Narrows or adjusts the fields shown (a dedicated page may show some elsewhere). */
  selectFields?: (fields: FieldMeta[]) => FieldMeta[];
}

/** A record's fields as a form, saving only what changed. */
export function RecordFieldsForm({ objectType, record, selectFields = (fields) => fields }: RecordSectionProps) {
  const { t } = useTranslation();
  const me = useSession();
  const update = useUpdateRecord(objectType, record.id);
  const fields = selectFields(shownFields(me, objectType, record));
  const form = useRecordForm(fields, record);
  const isWritable = (name: string) => fieldAccess(me, objectType.type, name) === 'write';

  const onSubmit = (event: React.FormEvent) => {
    event.preventDefault();
    if (!form.validate()) return;
    const body = form.payload();
    if (Object.keys(body).length === 0) return;
    update.mutate(body, {
      onSuccess: (saved) => {
        form.reset(saved);
        notifySuccess(t('records.saved'));
      },
      onError: form.showServerErrors,
    });
  };

  return (
    <form onSubmit={onSubmit} noValidate>
      <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
        {fields.map((field) => (
          <FieldInput
            key={field.name}
            field={form.fieldOf(field)}
            objectType={objectType.type}
            value={form.values[field.name]}
            error={form.errors[field.name]}
            isReadOnly={!isWritable(field.name)}
            onChange={(value) => form.setValue(field.name, value)}
          />
        ))}
      </SimpleGrid>
      <Group justify="flex-end" mt="xl">
        <Button variant="default" disabled={!form.isDirty || update.isPending} onClick={() => form.reset()}>{t('common.reset')}</Button>
        <Button type="submit" disabled={!form.isDirty} loading={update.isPending}>{t('common.save')}</Button>
      </Group>
    </form>
  );
}

/** A record's fields, read-only. */
export function RecordFieldsView({ objectType, record, selectFields = (fields) => fields }: RecordSectionProps) {
  const { i18n } = useTranslation();
  const me = useSession();
  const fields = selectFields(shownFields(me, objectType, record));
  return (
    <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="lg">
      {fields.map((field) => (
        <div key={field.name}>
          <Text size="xs" c="dimmed" tt="uppercase" fw={600}>{localized(field.label, i18n.language)}</Text>
          <FieldValue field={field} objectType={objectType} record={record} />
        </div>
      ))}
    </SimpleGrid>
  );
}

/** The values the system keeps on a record (an order's total, when it was paid), read-only; unset ones are left out. */
export function RecordComputedValues({ objectType, record }: Omit<RecordSectionProps, 'selectFields'>) {
  const { i18n } = useTranslation();
  const fields = computedFields(objectType).filter((field) => isFilled(record[field.name]));
  if (fields.length === 0) return null;
  return (
    <SimpleGrid cols={{ base: 2, sm: 4 }} spacing="md" data-testid="record-computed-values">
      {fields.map((field) => (
        <div key={field.name}>
          <Text size="xs" c="dimmed" tt="uppercase" fw={600}>{localized(field.label, i18n.language)}</Text>
          <FieldValue field={field} objectType={objectType} record={record} />
        </div>
      ))}
    </SimpleGrid>
  );
}

/** A record's change history, paged. */
export function RecordHistory({ objectType, id }: { objectType: ObjectTypeMeta; id: string }) {
  const audit = useRecordAudit(objectType, id);
  if (audit.isPending) return <Center py="xl"><Loader /></Center>;
  return (
    <AuditTable
      entries={audit.data?.pages.flatMap((page) => page.data) ?? []}
      showEntity={false}
      hasMore={audit.hasNextPage}
      isLoadingMore={audit.isFetchingNextPage}
      onLoadMore={() => void audit.fetchNextPage()}
    />
  );
}
