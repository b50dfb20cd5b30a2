import { MultiSelect, Select } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useMemberOptions, useOwnerLabel } from './owner-name.component.tsx';

interface MemberSelectProps {
  label?: string;
  /** For a select without a visible label. */
  ariaLabel?: string;
  name?: string;
  placeholder?: string;
  value: string | null;
  error?: string;
  required?: boolean;
  readOnly?: boolean;
  /** Members not to offer, e.g. those already chosen. */
  excluded?: ReadonlySet<string>;
  onChange: (value: string | null) => void;
}

/** Picks an active workspace member by searching names, from the directory every member may read. */
export function MemberSelect({ label, ariaLabel, name, placeholder, value, error, required = false, readOnly, excluded, onChange }: MemberSelectProps) {
  const { t } = useTranslation();
  const ownerLabel = useOwnerLabel();
  const options = useMemberOptions().filter((option) => option.value === value || !excluded?.has(option.value));
  // The current member stays listed (by name when known) after leaving or being disabled.
  const data = value && !options.some((option) => option.value === value) ? [...options, { value, label: ownerLabel(value) }] : options;
  return (
    <Select
      label={label}
      aria-label={ariaLabel}
      name={name}
      placeholder={placeholder ?? t('common.choose')}
      data={data}
      value={value}
      onChange={onChange}
      error={error}
      required={required}
      readOnly={readOnly}
      clearable={!required && !readOnly}
      searchable
      nothingFoundMessage={t('common.nothingFound')}
      comboboxProps={{ withinPortal: true }}
    />
  );
}

interface MemberMultiSelectProps {
  label?: string;
  name?: string;
  value: string[];
  error?: string;
  readOnly?: boolean;
  onChange: (value: string[]) => void;
}

/** Picks several active members (a deal's co-owners); those chosen stay listed by name after leaving. */
export function MemberMultiSelect({ label, name, value, error, readOnly, onChange }: MemberMultiSelectProps) {
  const { t } = useTranslation();
  const ownerLabel = useOwnerLabel();
  const options = useMemberOptions();
  const missing = value.filter((id) => !options.some((option) => option.value === id)).map((id) => ({ value: id, label: ownerLabel(id) }));
  return (
    <MultiSelect
      label={label}
      name={name}
      placeholder={readOnly || value.length > 0 ? undefined : t('common.choose')}
      data={[...options, ...missing]}
      value={value}
      onChange={onChange}
      error={error}
      readOnly={readOnly}
      clearable={!readOnly}
      searchable
      nothingFoundMessage={t('common.nothingFound')}
      comboboxProps={{ withinPortal: true }}
    />
  );
}
