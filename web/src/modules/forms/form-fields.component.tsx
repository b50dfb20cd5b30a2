import { ActionIcon, Button, Checkbox, Group, Input, Select, Table, Text, TextInput } from '@mantine/core';
import { IconArrowDown, IconArrowUp, IconPlus, IconTrash } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { addField, canAddField, freeTargets, moveField, withTarget, type FieldDraft } from './form-draft.ts';
import type { FieldTarget } from './forms.types.ts';

const MAX_LABEL_LENGTH = 200;

interface FormFieldsEditorProps {
  fields: FieldDraft[];
  /** Keyed `fields` and `fields.<index>.<field>`. */
  errors: Record<string, string>;
  onChange: (fields: FieldDraft[]) => void;
}

/** The form's fields in the order the visitor sees them: where each value goes, its label in both languages, and whether it must be filled in. */
export function FormFieldsEditor({ fields, errors, onChange }: FormFieldsEditorProps) {
  const { t } = useTranslation();
  const update = (index: number, next: FieldDraft) => onChange(fields.map((field, position) => (position === index ? next : field)));

  return (
    <Input.Wrapper label={t('webForms.fields')} description={t('webForms.fieldsHint')} error={errors.fields} required>
      <Table.ScrollContainer minWidth={620} mt="xs">
        <Table verticalSpacing={6} horizontalSpacing="xs">
          <Table.Thead>
            <Table.Tr>
              <Table.Th w={76}>{t('webForms.order')}</Table.Th>
              <Table.Th w={160}>{t('webForms.fieldTarget')}</Table.Th>
              <Table.Th>{t('webForms.fieldLabelRu')}</Table.Th>
              <Table.Th>{t('webForms.fieldLabelEn')}</Table.Th>
              <Table.Th w={100}>{t('webForms.fieldRequired')}</Table.Th>
              <Table.Th w={40} />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {fields.map((field, index) => (
              <Table.Tr key={field.rowKey} data-testid="web-form-field">
                <Table.Td>
                  <Group gap={2} wrap="nowrap">
                    <Text size="sm" c="dimmed" w={18}>{index + 1}</Text>
                    <ActionIcon variant="subtle" color="gray" size="sm" aria-label={t('webForms.moveUp')} disabled={index === 0}
                      onClick={() => onChange(moveField(fields, index, index - 1))}>
                      <IconArrowUp size={14} />
                    </ActionIcon>
                    <ActionIcon variant="subtle" color="gray" size="sm" aria-label={t('webForms.moveDown')} disabled={index === fields.length - 1}
                      onClick={() => onChange(moveField(fields, index, index + 1))}>
                      <IconArrowDown size={14} />
                    </ActionIcon>
                  </Group>
                </Table.Td>
                <Table.Td>
                  <Select
                    size="xs"
                    aria-label={`${t('webForms.fieldTarget')} ${index + 1}`}
                    data={freeTargets(fields, field.target).map((target) => ({ value: target, label: t(`webForms.targets.${target}`) }))}
                    value={field.target}
                    error={errors[`fields.${index}.target`]}
                    onChange={(target) => target && update(index, withTarget(field, target as FieldTarget))}
                    allowDeselect={false}
                    comboboxProps={{ withinPortal: true }}
                  />
                </Table.Td>
                {(['ru', 'en'] as const).map((language) => (
                  <Table.Td key={language}>
                    <TextInput
                      size="xs"
                      aria-label={`${t(language === 'ru' ? 'webForms.fieldLabelRu' : 'webForms.fieldLabelEn')} ${index + 1}`}
                      value={field.label[language]}
                      maxLength={MAX_LABEL_LENGTH}
                      error={errors[`fields.${index}.label`]}
                      onChange={(event) => update(index, { ...field, label: { ...field.label, [language]: event.currentTarget.value } })}
                    />
                  </Table.Td>
                ))}
                <Table.Td>
                  <Checkbox
                    aria-label={`${t('webForms.fieldRequired')} ${index + 1}`}
                    checked={field.is_required}
                    onChange={(event) => update(index, { ...field, is_required: event.currentTarget.checked })}
                  />
                </Table.Td>
                <Table.Td>
                  <ActionIcon variant="subtle" color="red" aria-label={t('webForms.removeField')} disabled={fields.length === 1}
                    onClick={() => onChange(fields.filter((_, position) => position !== index))}>
                    <IconTrash size={16} />
                  </ActionIcon>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      <Button variant="subtle" size="xs" mt={4} leftSection={<IconPlus size={14} />} disabled={!canAddField(fields)} onClick={() => onChange(addField(fields))}>
        {t('webForms.addField')}
      </Button>
    </Input.Wrapper>
  );
}
