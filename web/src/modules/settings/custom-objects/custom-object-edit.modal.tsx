import { useState, type FormEvent } from 'react';
import { Button, Group, Input, Modal, SimpleGrid, Stack, Text, TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../../api/http.client.ts';
import { notifySuccess } from '../../../api/query.client.ts';
import { localized, type LocalisedText } from '../../records/index.ts';
import { CustomKeyInput, useSuggestedKey } from '../custom-fields/custom-key-input.component.tsx';
import { useCreateCustomObject, useUpdateCustomObject } from './custom-objects.api.ts';
import type { CustomObject } from './custom-objects.types.ts';

/** The server's rule for custom object keys: unlike field keys, at least two characters. */
const CUSTOM_OBJECT_KEY_PATTERN = /^[a-z][a-z0-9_]{1,39}$/;
const MAX_NAME_LENGTH = 100;
const LANGUAGES = ['ru', 'en'] as const;

type NameField = 'label' | 'label_plural' | 'name_label';
type Names = Record<NameField, LocalisedText>;

// Examples in each input's own language, whatever language the interface is in.
const EXAMPLES: Names = {
  label: { ru: 'Договор', en: 'Contract' },
  label_plural: { ru: 'Договоры', en: 'Contracts' },
  name_label: { ru: 'Номер договора', en: 'Contract number' },
};

const EMPTY_NAME: LocalisedText = { ru: '', en: '' };
const trimmed = (text: LocalisedText): LocalisedText => ({ ru: text.ru.trim(), en: text.en.trim() });
const isBlank = (text: LocalisedText) => !text.ru.trim() && !text.en.trim();

interface LocalisedInputProps {
  label: string;
  description?: string;
  value: LocalisedText;
  examples: LocalisedText;
  error?: string;
  isRequired: boolean;
  onChange: (value: LocalisedText) => void;
}

/** One name in both languages, side by side. */
function LocalisedInput({ label, description, value, examples, error, isRequired, onChange }: LocalisedInputProps) {
  const { t } = useTranslation();
  return (
    <Input.Wrapper label={label} description={description} error={error} required={isRequired} inputWrapperOrder={['label', 'input', 'description', 'error']}>
      <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="xs" my={4}>
        {LANGUAGES.map((language) => (
          <TextInput
            key={language}
            aria-label={`${label} (${t(`customObjects.languages.${language}`)})`}
            leftSection={<Text size="xs" c="dimmed" fw={600}>{language.toUpperCase()}</Text>}
            placeholder={examples[language]}
            maxLength={MAX_NAME_LENGTH}
            value={value[language]}
            error={!!error}
            onChange={(event) => onChange({ ...value, [language]: event.currentTarget.value })}
          />
        ))}
      </SimpleGrid>
    </Input.Wrapper>
  );
}

interface CustomObjectEditModalProps {
  /** Absent: a new custom object. Given: rename it (its key stays). */
  customObject?: CustomObject;
  onClose: () => void;
}

export function CustomObjectEditModal({ customObject, onClose }: CustomObjectEditModalProps) {
  const { t, i18n } = useTranslation();
  const create = useCreateCustomObject();
  const update = useUpdateCustomObject();
  const [names, setNames] = useState<Names>(() => ({
    label: customObject?.label ?? EMPTY_NAME,
    label_plural: customObject?.label_plural ?? EMPTY_NAME,
    name_label: customObject?.name_label ?? EMPTY_NAME,
  }));
  const { key, follow: followName, type: typeKey } = useSuggestedKey(customObject?.key);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const isNew = customObject === undefined;

  const onName = (field: NameField, value: LocalisedText) => {
    setNames((current) => ({ ...current, [field]: value }));
    if (field === 'label') followName(value.en || value.ru);
  };

  const onError = (error: unknown) => {
    if (!isApiError(error)) return;
    const found = error.fieldErrors();
    if (error.problem.code === 'CUSTOM_OBJECT_KEY_TAKEN') found.key = t('customObjects.problems.CUSTOM_OBJECT_KEY_TAKEN');
    setErrors(found);
  };

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    const found: Record<string, string> = {};
    if (isNew && !CUSTOM_OBJECT_KEY_PATTERN.test(key)) found.key = t('customObjects.keyHint');
    if (isBlank(names.label)) found.label = t('customObjects.oneLanguage');
    if (isBlank(names.label_plural)) found.label_plural = t('customObjects.oneLanguage');
    setErrors(found);
    if (Object.keys(found).length > 0) return;

    // Left blank, the name field keeps its name (a new object's is called "Название").
    const input = {
      label: trimmed(names.label),
      label_plural: trimmed(names.label_plural),
      ...(isBlank(names.name_label) ? {} : { name_label: trimmed(names.name_label) }),
    };
    const callbacks = {
      onSuccess: () => {
        notifySuccess(t(isNew ? 'customObjects.created' : 'customObjects.saved', { name: localized(input.label_plural, i18n.language) }));
        onClose();
      },
      onError,
    };
    if (customObject) update.mutate({ id: customObject.id, ...input }, callbacks);
    else create.mutate({ key, ...input }, callbacks);
  };

  return (
    <Modal opened onClose={onClose} title={isNew ? t('customObjects.addTitle') : t('customObjects.editTitle')} size="lg">
      <form onSubmit={onSubmit} noValidate>
        <Stack>
          <Text size="sm" c="dimmed">{t('customObjects.languagesHint')}</Text>
          <LocalisedInput
            label={t('customObjects.singular')}
            value={names.label}
            examples={EXAMPLES.label}
            error={errors.label}
            isRequired
            onChange={(value) => onName('label', value)}
          />
          <LocalisedInput
            label={t('customObjects.plural')}
            description={t('customObjects.pluralHint')}
            value={names.label_plural}
            examples={EXAMPLES.label_plural}
            error={errors.label_plural}
            isRequired
            onChange={(value) => onName('label_plural', value)}
          />
          <LocalisedInput
            label={t('customObjects.nameLabel')}
            description={t('customObjects.nameLabelHint')}
            value={names.name_label}
            examples={EXAMPLES.name_label}
            error={errors.name_label}
            isRequired={false}
            onChange={(value) => onName('name_label', value)}
          />
          <CustomKeyInput
            label={t('customObjects.key')}
            // A wrong key's error repeats the rule, so the rule is not shown twice.
            description={errors.key ? undefined : isNew ? t('customObjects.keyHint') : t('customObjects.keyFixed')}
            isNew={isNew}
            value={key}
            error={errors.key}
            onChange={typeKey}
          />
        </Stack>
        <Group justify="flex-end" mt="xl">
          <Button variant="default" onClick={onClose}>{t('common.cancel')}</Button>
          <Button type="submit" loading={create.isPending || update.isPending}>{isNew ? t('customObjects.add') : t('common.save')}</Button>
        </Group>
      </form>
    </Modal>
  );
}
