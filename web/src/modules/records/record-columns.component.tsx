import { Button, Checkbox, Divider, Popover, ScrollArea, Stack } from '@mantine/core';
import { IconColumns } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { localized } from './record-fields.ts';
import type { FieldMeta } from './records.types.ts';

interface ColumnChooserProps {
  /** Fields that may be shown as columns, in the order columns appear. */
  fields: FieldMeta[];
  /** The names shown now. */
  columns: string[];
  /** Null restores the type's default columns. */
  onChange: (columns: string[] | null) => void;
}

export function ColumnChooser({ fields, columns, onChange }: ColumnChooserProps) {
  const { t, i18n } = useTranslation();
  // Columns keep the fields' order, whatever order they were ticked in.
  const choose = (names: string[]) => onChange(fields.map((field) => field.name).filter((name) => names.includes(name)));

  return (
    <Popover position="bottom-end" shadow="md" width={280}>
      <Popover.Target>
        <Button variant="default" leftSection={<IconColumns size={16} />}>{t('records.columns')}</Button>
      </Popover.Target>
      <Popover.Dropdown>
        <ScrollArea.Autosize mah={360} type="auto">
          <Checkbox.Group value={columns} onChange={choose} aria-label={t('records.columns')}>
            <Stack gap={8}>
              {fields.map((field) => (
                <Checkbox key={field.name} value={field.name} label={localized(field.label, i18n.language)} />
              ))}
            </Stack>
          </Checkbox.Group>
        </ScrollArea.Autosize>
        <Divider my="sm" />
        <Button variant="subtle" size="xs" fullWidth onClick={() => onChange(null)}>{t('records.defaultColumns')}</Button>
      </Popover.Dropdown>
    </Popover>
  );
}
