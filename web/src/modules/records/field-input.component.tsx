import { useMemo, useState } from 'react';
import { Checkbox, MultiSelect, NumberInput, Select, TagsInput, TextInput, Textarea } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { isTimeZoneField, listItemKind, localized, optionLabel, recordTitle, referenceTarget } from './record-fields.ts';
import { MemberMultiSelect, MemberSelect } from './member-select.component.tsx';
import { TimeZoneSelect } from './time-zone-select.component.tsx';
import { useObjectTypes, useRecord, useRecordList, useRecordsById } from './records.api.ts';
import type { FieldMeta, ObjectTypeMeta } from './records.types.ts';
import { textListSuggester } from './text-list-suggestions.registry.ts';

interface FieldInputProps {
  field: FieldMeta;
  /** The record type the field belongs to; lets a text list offer items already in use (people's tags). */
  objectType?: string;
  value: unknown;
  error?: string;
  isReadOnly?: boolean;
  onChange: (value: unknown) => void;
}

/** Picks a record of the target type by searching its titles. */
export function ReferencePicker({ target, label, ariaLabel, value, error, isRequired, isReadOnly, onChange }: {
  target: ObjectTypeMeta;
  label?: string;
  /** For a picker without a visible label. */
  ariaLabel?: string;
  value: string;
  error?: string;
  isRequired: boolean;
  isReadOnly?: boolean;
  onChange: (value: string | null) => void;
}) {
  const { t } = useTranslation();
  const [search, setSearch] = useState('');
  const [debounced] = useDebouncedValue(search, 250);
  const list = useRecordList(target, { q: debounced });
  const selected = useRecord(target, value, { isSilent: true });

  const options = useMemo(() => {
    const records = list.data?.pages.flatMap((page) => page.data) ?? [];
    const entries = new Map(records.map((record) => [record.id, recordTitle(target, record)]));
    // Keep the current choice listed even when the search does not match it.
    if (value && !entries.has(value)) entries.set(value, selected.data ? recordTitle(target, selected.data) : value.slice(0, 8));
    return [...entries].map(([id, title]) => ({ value: id, label: title }));
  }, [list.data, selected.data, target, value]);

  return (
    <Select
      label={label}
      aria-label={ariaLabel}
      data={options}
      value={value || null}
      onChange={onChange}
      searchable
      clearable={!isRequired}
      required={isRequired}
      readOnly={isReadOnly}
      error={error}
      searchValue={search}
      onSearchChange={setSearch}
      filter={({ options: all }) => all}
      nothingFoundMessage={list.isFetching ? t('common.loading') : t('common.nothingFound')}
      comboboxProps={{ withinPortal: true }}
    />
  );
}

/** Picks several records of the target type, e.g. for a filter's "is any of". */
export function ReferenceMultiPicker({ target, ariaLabel, value, error, onChange }: {
  target: ObjectTypeMeta;
  ariaLabel: string;
  value: string[];
  error?: string;
  onChange: (value: string[]) => void;
}) {
  const { t } = useTranslation();
  const [search, setSearch] = useState('');
  const [debounced] = useDebouncedValue(search, 250);
  const list = useRecordList(target, { q: debounced });
  const selected = useRecordsById(target, value);

  const entries = new Map((list.data?.pages.flatMap((page) => page.data) ?? []).map((record) => [record.id, recordTitle(target, record)]));
  // The chosen records stay listed with their titles whatever the search shows.
  value.forEach((id, index) => {
    const record = selected[index]?.data;
    entries.set(id, record ? recordTitle(target, record) : id.slice(0, 8));
  });

  return (
    <MultiSelect
      aria-label={ariaLabel}
      placeholder={ariaLabel}
      data={[...entries].map(([id, title]) => ({ value: id, label: title }))}
      value={value}
      onChange={onChange}
      error={error}
      searchable
      searchValue={search}
      onSearchChange={setSearch}
      filter={({ options: all }) => all}
      nothingFoundMessage={list.isFetching ? t('common.loading') : t('common.nothingFound')}
      comboboxProps={{ withinPortal: true }}
    />
  );
}

const NO_SUGGESTIONS = { queryKey: ['text-list-suggestions', 'none'], queryFn: async () => [] as string[] };

/**
 * Free items: typing and Enter (or a comma) adds one, Backspace takes the last back; a typed item left over is kept on blur.
 * Where the type's module registered suggestions, items already in use that start with the typed text are offered.
 */
function TextListInput({ field, objectType, value, error, isReadOnly, onChange, label }: FieldInputProps & { label: string }) {
  const { t } = useTranslation();
  const [search, setSearch] = useState('');
  const [debounced] = useDebouncedValue(search.trim(), 200);
  const suggester = isReadOnly ? undefined : textListSuggester(objectType, field.name);
  const suggestions = useQuery({
    ...(suggester ? suggester(debounced) : NO_SUGGESTIONS),
    enabled: !!suggester,
    staleTime: 30_000,
    placeholderData: keepPreviousData,
  });
  const items = Array.isArray(value) ? value.map(String) : [];
  const itemKind = listItemKind(field);
  return (
    <TagsInput
      label={label}
      name={field.name}
      error={error}
      required={field.required}
      readOnly={isReadOnly}
      value={items}
      onChange={onChange}
      data={suggestions.data ?? []}
      searchValue={search}
      onSearchChange={setSearch}
      splitChars={[',', ';']}
      inputMode={itemKind === 'text' ? undefined : itemKind === 'email' ? 'email' : 'tel'}
      placeholder={isReadOnly || items.length > 0 ? undefined : t(`textList.placeholder.${itemKind}`)}
      clearable={!isReadOnly}
      comboboxProps={{ withinPortal: true }}
    />
  );
}

/** An ISO instant as the value of a datetime-local input, in the browser's time zone. */
export function toLocalInput(iso: string): string {
  const date = new Date(iso);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/** The input for one field, chosen by the field's kind. */
export function FieldInput({ field, objectType, value, error, isReadOnly, onChange }: FieldInputProps) {
  const { t, i18n } = useTranslation();
  const { data: objectTypes } = useObjectTypes();
  const label = localized(field.label, i18n.language);
  const common = { label, error, required: field.required, readOnly: isReadOnly, name: field.name };
  const text = typeof value === 'string' ? value : value === null || value === undefined ? '' : String(value);

  if (isTimeZoneField(field)) {
    return <TimeZoneSelect {...common} value={text || null} onChange={(next) => onChange(next ?? '')} clearable={!field.required} />;
  }
  switch (field.kind) {
    case 'text_list':
      return <TextListInput field={field} objectType={objectType} value={value} error={error} isReadOnly={isReadOnly} onChange={onChange} label={label} />;
    case 'long_text':
      return <Textarea {...common} autosize minRows={3} maxRows={10} value={text} onChange={(event) => onChange(event.currentTarget.value)} />;
    case 'email':
      return <TextInput {...common} type="email" value={text} onChange={(event) => onChange(event.currentTarget.value)} />;
    case 'phone':
      return <TextInput {...common} type="tel" value={text} onChange={(event) => onChange(event.currentTarget.value)} />;
    case 'url':
      return <TextInput {...common} type="url" placeholder="https://" value={text} onChange={(event) => onChange(event.currentTarget.value)} />;
    case 'number':
      return (
        <NumberInput
          {...common}
          value={typeof value === 'number' || typeof value === 'string' ? value : ''}
          onChange={(next) => onChange(next)}
        />
      );
    case 'money':
      return (
        <TextInput
          {...common}
          inputMode="decimal"
          value={text}
          onChange={(event) => onChange(event.currentTarget.value)}
        />
      );
    case 'currency':
      return field.options && field.options.length > 0 ? (
        <Select {...common} data={field.options} value={text || null} onChange={(next) => onChange(next ?? '')} clearable={!field.required} searchable />
      ) : (
        <TextInput {...common} maxLength={3} value={text} onChange={(event) => onChange(event.currentTarget.value.toUpperCase())} />
      );
    case 'date':
      return <TextInput {...common} type="date" value={text} onChange={(event) => onChange(event.currentTarget.value)} />;
    case 'datetime':
      // The input works in local wall time; the API takes and returns instants (ISO 8601 with offset).
      return (
        <TextInput
          {...common}
          type="datetime-local"
          value={text ? toLocalInput(text) : ''}
          onChange={(event) => onChange(event.currentTarget.value ? new Date(event.currentTarget.value).toISOString() : null)}
        />
      );
    case 'boolean':
      return (
        <Checkbox
          mt="lg"
          label={label}
          name={field.name}
          error={error}
          checked={value === true}
          disabled={isReadOnly}
          onChange={(event) => onChange(event.currentTarget.checked)}
        />
      );
    case 'select':
      return (
        <Select
          {...common}
          data={(field.options ?? []).map((option) => ({ value: option, label: optionLabel(field, option, i18n.language) }))}
          value={text || null}
          onChange={(next) => onChange(next ?? '')}
          clearable={!field.required}
          placeholder={t('common.choose')}
          comboboxProps={{ withinPortal: true }}
        />
      );
    case 'multi_select':
      return (
        <MultiSelect
          {...common}
          data={(field.options ?? []).map((option) => ({ value: option, label: optionLabel(field, option, i18n.language) }))}
          value={Array.isArray(value) ? (value as string[]) : []}
          onChange={onChange}
          clearable={!isReadOnly}
          placeholder={t('common.choose')}
          comboboxProps={{ withinPortal: true }}
        />
      );
    case 'user':
      return <MemberSelect {...common} value={text || null} onChange={(next) => onChange(next ?? '')} />;
    case 'user_list':
      return (
        <MemberMultiSelect
          label={label}
          name={field.name}
          error={error}
          readOnly={isReadOnly}
          value={Array.isArray(value) ? value.map(String) : []}
          onChange={onChange}
        />
      );
    case 'reference': {
      const target = objectTypes && referenceTarget(field, objectTypes);
      if (!target) return <TextInput {...common} value={text} onChange={(event) => onChange(event.currentTarget.value)} />;
      return (
        <ReferencePicker
          target={target}
          label={label}
          value={text}
          error={error}
          isRequired={field.required}
          isReadOnly={isReadOnly}
          onChange={(next) => onChange(next ?? '')}
        />
      );
    }
    default:
      return <TextInput {...common} value={text} onChange={(event) => onChange(event.currentTarget.value)} />;
  }
}
