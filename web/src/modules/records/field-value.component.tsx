import { Anchor, Badge, Group, Text } from '@mantine/core';
import { IconCheck, IconMinus } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { formatDate, formatDateTime, formatNumber, formatPlainValue } from '../../i18n/format.ts';
import { fieldFor, fieldValue, isUserField, listItemKind, optionLabel, referenceTarget } from './record-fields.ts';
import { OwnerName, useOwnerLabel } from './owner-name.component.tsx';
import { RecordLink } from './record-link.component.tsx';
import { useObjectTypes } from './records.api.ts';
import type { FieldMeta, ObjectTypeMeta, RecordData } from './records.types.ts';

/** A text list's items: emails and phones as links, anything else (tags) as badges. */
function TextListValue({ field, items }: { field: FieldMeta; items: string[] }) {
  const itemKind = listItemKind(field);
  if (itemKind === 'text') {
    return <Group gap={4}>{items.map((item) => <Badge key={item} variant="light" color="gray" tt="none">{item}</Badge>)}</Group>;
  }
  const scheme = itemKind === 'email' ? 'mailto' : 'tel';
  return (
    <Group gap={4} wrap="wrap">
      {items.map((item, index) => (
        <Text key={item} span size="sm">
          <Anchor href={`${scheme}:${item}`} size="sm" onClick={(event) => event.stopPropagation()}>{item}</Anchor>
          {index < items.length - 1 && ','}
        </Text>
      ))}
    </Group>
  );
}

/** Members by name, comma-separated; in a cell cut short with the rest in a tooltip. */
function MemberNames({ ids, isCompact }: { ids: string[]; isCompact: boolean }) {
  const ownerLabel = useOwnerLabel();
  const names = ids.map(ownerLabel).join(', ');
  return isCompact ? <Text size="sm" truncate maw={240} title={names}>{names}</Text> : <Text span size="sm">{names}</Text>;
}

function formatMoney(amount: unknown, currency: unknown): string {
  const isCurrencyCode = typeof currency === 'string' && /^[A-Z]{3}$/.test(currency);
  return formatNumber(String(amount), isCurrencyCode ? { style: 'currency', currency } : { minimumFractionDigits: 2 });
}

interface FieldValueProps {
  field: FieldMeta;
  objectType: ObjectTypeMeta;
  record: RecordData;
  /** One line for a table cell or a card: lists become comma-separated text, cut short with the rest in a tooltip. */
  isCompact?: boolean;
}

/** A field's value for reading, formatted by its kind. */
export function FieldValue({ field: declared, objectType, record, isCompact = false }: FieldValueProps) {
  const { t, i18n } = useTranslation();
  const { data: objectTypes } = useObjectTypes();
  const field = fieldFor(declared, record);
  const value = fieldValue(record, field);
  if (value === null || value === undefined || value === '' || (Array.isArray(value) && value.length === 0)) {
    return <Text span c="dimmed" size="sm">—</Text>;
  }
  if (isUserField(field) && typeof value === 'string') return <Text span size="sm"><OwnerName id={value} /></Text>;

  switch (field.kind) {
    case 'boolean':
      return value
        ? <IconCheck size={16} aria-label={t('common.yes')} color="var(--mantine-color-teal-7)" />
        : <IconMinus size={16} aria-label={t('common.no')} color="var(--mantine-color-gray-5)" />;
    case 'email':
      return <Anchor href={`mailto:${String(value)}`} size="sm" onClick={(event) => event.stopPropagation()}>{String(value)}</Anchor>;
    case 'phone':
      return <Anchor href={`tel:${String(value)}`} size="sm" onClick={(event) => event.stopPropagation()}>{String(value)}</Anchor>;
    case 'url':
      return (
        <Anchor href={String(value)} target="_blank" rel="noopener noreferrer" size="sm" onClick={(event) => event.stopPropagation()}>
          {String(value)}
        </Anchor>
      );
    case 'select':
      return <Badge variant="light">{optionLabel(field, String(value), i18n.language)}</Badge>;
    case 'multi_select':
      return (
        <Group gap={4}>
          {(Array.isArray(value) ? value : [value]).map((option) => (
            <Badge key={String(option)} variant="light">{optionLabel(field, String(option), i18n.language)}</Badge>
          ))}
        </Group>
      );
    case 'user_list':
      return <MemberNames ids={(Array.isArray(value) ? value : [value]).map(String)} isCompact={isCompact} />;
    case 'text_list': {
      const items = (Array.isArray(value) ? value : [value]).map(String);
      if (!isCompact) return <TextListValue field={field} items={items} />;
      const joined = items.join(', ');
      return <Text size="sm" truncate maw={240} title={joined}>{joined}</Text>;
    }
    case 'date':
      return <Text span size="sm">{formatDate(String(value))}</Text>;
    case 'datetime':
      return <Text span size="sm">{formatDateTime(String(value))}</Text>;
    case 'number':
      return <Text span size="sm">{formatNumber(value as number)}</Text>;
    case 'money': {
      const currencyField = objectType.fields.find((candidate) => candidate.kind === 'currency');
      return <Text span size="sm" style={{ whiteSpace: 'nowrap' }}>{formatMoney(value, currencyField && record[currencyField.name])}</Text>;
    }
    case 'reference': {
      const target = objectTypes && referenceTarget(field, objectTypes);
      if (target && typeof value === 'string') return <RecordLink target={target} id={value} />;
      return <Text span size="sm" ff="monospace">{String(value)}</Text>;
    }
    case 'long_text':
      return <Text span size="sm" style={{ whiteSpace: 'pre-wrap' }}>{String(value)}</Text>;
    default:
      return <Text span size="sm">{formatPlainValue(value)}</Text>;
  }
}
