import { Accordion, Badge, Group, Select, Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { FieldAccess, FieldRules } from '../../auth/auth.types.ts';
import { localized, type ObjectTypeMeta } from '../../records/index.ts';
import { setFieldAccess } from './role-rules.ts';

interface FieldRulesEditorProps {
  fieldRules: FieldRules;
  objectTypes: ObjectTypeMeta[];
  isReadOnly: boolean;
  onChange: (fieldRules: FieldRules) => void;
}

export function FieldRulesEditor({ fieldRules, objectTypes, isReadOnly, onChange }: FieldRulesEditorProps) {
  const { t, i18n } = useTranslation();
  const accessOptions = [
    { value: 'write', label: t('roles.access.write') },
    { value: 'readonly', label: t('roles.access.readonly') },
    { value: 'hidden', label: t('roles.access.hidden') },
  ];

  return (
    <Accordion variant="separated" multiple>
      {objectTypes.map((objectType) => {
        const rules = fieldRules[objectType.type] ?? {};
        const restricted = Object.keys(rules).length;
        return (
          <Accordion.Item key={objectType.type} value={objectType.type}>
            <Accordion.Control>
              <Group gap="xs">
                <Text fw={500}>{localized(objectType.label_plural, i18n.language)}</Text>
                {restricted > 0 && <Badge size="sm" variant="light" color="orange">{t('roles.restrictedCount', { count: restricted })}</Badge>}
              </Group>
            </Accordion.Control>
            <Accordion.Panel>
              <Table verticalSpacing={6} layout="fixed">
                <Table.Tbody>
                  {objectType.fields.map((field) => (
                    <Table.Tr key={field.name}>
                      <Table.Td>
                        <Text size="sm">{localized(field.label, i18n.language)}</Text>
                        <Group gap={6}>
                          <Text size="xs" c="dimmed" ff="monospace">{field.name}</Text>
                          {field.pii && <Badge size="xs" variant="outline" color="grape">{t('roles.pii')}</Badge>}
                        </Group>
                      </Table.Td>
                      <Table.Td w={190}>
                        <Select
                          size="xs"
                          aria-label={localized(field.label, i18n.language)}
                          data={accessOptions}
                          value={rules[field.name] ?? 'write'}
                          disabled={isReadOnly}
                          allowDeselect={false}
                          onChange={(value) =>
                            value && onChange(setFieldAccess(fieldRules, objectType.type, field.name, value as FieldAccess | 'write'))
                          }
                          comboboxProps={{ withinPortal: true }}
                        />
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Accordion.Panel>
          </Accordion.Item>
        );
      })}
    </Accordion>
  );
}
