import { ActionIcon, Button, Group, Input, Stack, TextInput } from '@mantine/core';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import type { CustomFieldOption } from '../settings.types.ts';
import { suggestKey } from './custom-field-key.ts';

export interface OptionDraft extends CustomFieldOption {
  /** Stable React key of the row. */
  key: number;
  /** Saved already: records may store its value, so the value is fixed. */
  isStored: boolean;
  /** The value was typed, so a new label no longer suggests one. */
  isValueTouched: boolean;
}

let lastKey = 0;

export function optionDrafts(options: CustomFieldOption[] | null): OptionDraft[] {
  return (options ?? []).map((option) => ({ ...option, key: ++lastKey, isStored: true, isValueTouched: true }));
}

export const newOptionDraft = (): OptionDraft => ({ key: ++lastKey, value: '', label: '', isStored: false, isValueTouched: false });

/** The options to send, or why they can't be sent yet. */
export function checkOptions(drafts: OptionDraft[]): { options: CustomFieldOption[] } | { error: 'optionsRequired' | 'optionsIncomplete' | 'optionsDuplicate' } {
  const options = drafts.map(({ value, label }) => ({ value: value.trim(), label: label.trim() })).filter((o) => o.value || o.label);
  if (options.length === 0) return { error: 'optionsRequired' };
  if (options.some((o) => !o.value || !o.label)) return { error: 'optionsIncomplete' };
  if (new Set(options.map((o) => o.value)).size !== options.length) return { error: 'optionsDuplicate' };
  return { options };
}

interface OptionsEditorProps {
  options: OptionDraft[];
  error?: string;
  onChange: (options: OptionDraft[]) => void;
}

/** Rows of label and stored value; a new option's value follows its label until typed over. */
export function CustomFieldOptionsEditor({ options, error, onChange }: OptionsEditorProps) {
  const { t } = useTranslation();
  const change = (key: number, patch: Partial<OptionDraft>) =>
    onChange(options.map((option) => (option.key === key ? { ...option, ...patch } : option)));
  const onLabel = (option: OptionDraft, label: string) =>
    change(option.key, option.isStored || option.isValueTouched ? { label } : { label, value: suggestKey(label) });

  return (
    <Input.Wrapper label={t('customFields.options')} description={t('customFields.optionsHint')} error={error} required>
      <Stack gap="xs" mt="xs">
        {options.map((option, index) => (
          <Group key={option.key} gap="xs" wrap="nowrap" align="flex-start" data-testid="custom-field-option">
            <TextInput
              aria-label={`${t('customFields.optionLabel')} ${index + 1}`}
              placeholder={t('customFields.optionLabel')}
              value={option.label}
              onChange={(event) => onLabel(option, event.currentTarget.value)}
              style={{ flex: 1 }}
            />
            <TextInput
              aria-label={`${t('customFields.optionValue')} ${index + 1}`}
              placeholder={t('customFields.optionValue')}
              value={option.value}
              readOnly={option.isStored}
              variant={option.isStored ? 'filled' : 'default'}
              onChange={(event) => change(option.key, { value: event.currentTarget.value, isValueTouched: true })}
              styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
              w={160}
            />
            <ActionIcon
              variant="subtle"
              color="gray"
              size="lg"
              aria-label={t('customFields.removeOption')}
              onClick={() => onChange(options.filter((candidate) => candidate.key !== option.key))}
            >
              <IconTrash size={16} />
            </ActionIcon>
          </Group>
        ))}
        <Button variant="subtle" size="xs" leftSection={<IconPlus size={14} />} onClick={() => onChange([...options, newOptionDraft()])} style={{ alignSelf: 'flex-start' }}>
          {t('customFields.addOption')}
        </Button>
      </Stack>
    </Input.Wrapper>
  );
}
