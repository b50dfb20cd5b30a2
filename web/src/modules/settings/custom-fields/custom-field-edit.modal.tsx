import { useState, type FormEvent } from 'react';
import { Button, Checkbox, Group, Modal, Select, SimpleGrid, Stack, TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../../api/http.client.ts';
import { notifySuccess } from '../../../api/query.client.ts';
import { localized, type ObjectTypeMeta } from '../../records/index.ts';
import { useCreateCustomField, useUpdateCustomField } from '../settings.api.ts';
import { CUSTOM_FIELD_KINDS, type CustomField, type CustomFieldKind, type FieldClassification } from '../settings.types.ts';
import { CUSTOM_FIELD_KEY_PATTERN } from './custom-field-key.ts';
import { CustomKeyInput, useSuggestedKey } from './custom-key-input.component.tsx';
import { checkOptions, CustomFieldOptionsEditor, newOptionDraft, optionDrafts, type OptionDraft } from './custom-field-options.component.tsx';

const hasOptions = (kind: CustomFieldKind) => kind === 'select' || kind === 'multi_select';

interface CustomFieldEditModalProps {
  objectType: ObjectTypeMeta;
  /** Record types a relation may point at. */
  objectTypes: ObjectTypeMeta[];
  /** Absent: a new field. Given: edit it (its key and kind stay as they are). */
  field?: CustomField;
  onClose: () => void;
}

export function CustomFieldEditModal({ objectType, objectTypes, field, onClose }: CustomFieldEditModalProps) {
  const { t, i18n } = useTranslation();
  const create = useCreateCustomField();
  const update = useUpdateCustomField();
  const [label, setLabel] = useState(field?.label ?? '');
  const { key, follow: followLabel, type: typeKey } = useSuggestedKey(field?.key);
  const [kind, setKind] = useState<CustomFieldKind>(field?.kind ?? 'text');
  const [options, setOptions] = useState<OptionDraft[]>(() => (field ? optionDrafts(field.options) : [newOptionDraft()]));
  const [references, setReferences] = useState<string | null>(field?.references ?? null);
  const [isRequired, setRequired] = useState(field?.is_required ?? false);
  const [classification, setClassification] = useState<FieldClassification>(field?.classification ?? 'plain');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const isNew = field === undefined;
  // The workspace's own objects are targets too, grouped apart from the built-in types.
  const targetGroup = (isCustomObject: boolean) => objectTypes
    .filter((type) => type.is_custom_object === isCustomObject)
    .map((type) => ({ value: type.type, label: localized(type.label_plural, i18n.language) }));
  const targets = [
    { group: t('customFields.recordTypes'), items: targetGroup(false) },
    { group: t('customObjects.title'), items: targetGroup(true) },
  ].filter((group) => group.items.length > 0);

  const onLabel = (next: string) => {
    setLabel(next);
    followLabel(next);
  };

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    const found: Record<string, string> = {};
    if (!label.trim()) found.label = t('form.required');
    if (isNew && !CUSTOM_FIELD_KEY_PATTERN.test(key)) found.key = t('customFields.keyHint');
    if (isNew && kind === 'relation' && !references) found.references = t('form.required');
    const checked = hasOptions(kind) ? checkOptions(options) : null;
    if (checked && 'error' in checked) found.options = t(`customFields.${checked.error}`);
    setErrors(found);
    if (Object.keys(found).length > 0) return;

    const chosen = checked && 'options' in checked ? { options: checked.options } : {};
    const common = { label: label.trim(), is_required: isRequired, classification, ...chosen };
    const callbacks = {
      onSuccess: () => {
        notifySuccess(t(isNew ? 'customFields.created' : 'customFields.saved', { label: common.label }));
        onClose();
      },
      onError: (error: unknown) => isApiError(error) && setErrors(error.fieldErrors()),
    };
    if (field) update.mutate({ id: field.id, ...common }, callbacks);
    else create.mutate({ object_type: objectType.type, key, kind, ...(kind === 'relation' && references ? { references } : {}), ...common }, callbacks);
  };

  return (
    <Modal opened onClose={onClose} title={isNew ? t('customFields.addTitle') : t('customFields.editTitle')} size="lg">
      <form onSubmit={onSubmit} noValidate>
        <Stack>
          <TextInput label={t('customFields.label')} required value={label} error={errors.label} onChange={(event) => onLabel(event.currentTarget.value)} data-autofocus />
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <CustomKeyInput
              label={t('customFields.key')}
              description={isNew ? t('customFields.keyHint') : t('customFields.keyFixed')}
              isNew={isNew}
              value={key}
              error={errors.key}
              onChange={typeKey}
            />
            <Select
              label={t('customFields.kind')}
              required={isNew}
              disabled={!isNew}
              data={CUSTOM_FIELD_KINDS.map((value) => ({ value, label: t(`customFields.kinds.${value}`) }))}
              value={kind}
              error={errors.kind}
              onChange={(value) => value && setKind(value as CustomFieldKind)}
              allowDeselect={false}
              comboboxProps={{ withinPortal: true }}
            />
          </SimpleGrid>
          {kind === 'relation' && (
            <Select
              label={t('customFields.references')}
              required={isNew}
              disabled={!isNew}
              data={targets}
              value={references}
              error={errors.references}
              onChange={setReferences}
              allowDeselect={false}
              comboboxProps={{ withinPortal: true }}
            />
          )}
          {hasOptions(kind) && <CustomFieldOptionsEditor options={options} error={errors.options} onChange={setOptions} />}
          <Checkbox
            label={t('customFields.required')}
            description={t('customFields.requiredHint')}
            checked={isRequired}
            error={errors.is_required}
            onChange={(event) => setRequired(event.currentTarget.checked)}
          />
          <Select
            label={t('customFields.pii')}
            description={t('customFields.piiHint')}
            data={(['plain', 'personal', 'sensitive'] as const).map((value) => ({ value, label: t(`privacy.classification.${value}`) }))}
            value={classification}
            error={errors.classification}
            allowDeselect={false}
            onChange={(value) => value && setClassification(value as FieldClassification)}
          />
        </Stack>
        <Group justify="flex-end" mt="xl">
          <Button variant="default" onClick={onClose}>{t('common.cancel')}</Button>
          <Button type="submit" loading={create.isPending || update.isPending}>{isNew ? t('customFields.add') : t('common.save')}</Button>
        </Group>
      </form>
    </Modal>
  );
}
