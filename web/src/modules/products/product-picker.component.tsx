import { useMemo, useState } from 'react';
import { Group, Select, Text } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useTranslation } from 'react-i18next';
import { useProductSearch } from './price-lists.api.ts';
import type { ProductHit } from './products.types.ts';

interface ProductPickerProps {
  /** The chosen product's id, or null. */
  value: string | null;
  /** The chosen product's name, shown while the search does not list it. */
  valueLabel?: string;
  onChange: (product: ProductHit | null) => void;
  label?: string;
  ariaLabel?: string;
  placeholder?: string;
  error?: string;
  size?: 'xs' | 'sm';
  isReadOnly?: boolean;
}

/** Picks a catalogue product by searching names and SKUs; inactive products are listed too, marked. */
export function ProductPicker({ value, valueLabel, onChange, label, ariaLabel, placeholder, error, size, isReadOnly }: ProductPickerProps) {
  const { t } = useTranslation();
  const [search, setSearch] = useState('');
  const [debounced] = useDebouncedValue(search, 250);
  const [isOpened, setOpened] = useState(false);
  // Only ask the server once the list is opened: a deal with many lines has as many pickers.
  const products = useProductSearch(debounced, isOpened);

  const byId = useMemo(() => new Map((products.data ?? []).map((product) => [product.id, product])), [products.data]);
  const options = useMemo(() => {
    const entries = (products.data ?? []).map((product) => ({ value: product.id, label: product.name }));
    // Keep the current choice listed even when the search does not match it.
    if (value && !byId.has(value)) entries.unshift({ value, label: valueLabel || value.slice(0, 8) });
    return entries;
  }, [products.data, byId, value, valueLabel]);

  return (
    <Select
      label={label}
      aria-label={ariaLabel}
      placeholder={placeholder}
      size={size}
      data={options}
      value={value}
      onChange={(id) => onChange(id ? byId.get(id) ?? null : null)}
      searchable
      clearable
      // Picking the chosen product again keeps it; the clear button empties the choice.
      allowDeselect={false}
      readOnly={isReadOnly}
      error={error}
      searchValue={search}
      onSearchChange={setSearch}
      onDropdownOpen={() => setOpened(true)}
      filter={({ options: all }) => all}
      renderOption={({ option }) => {
        const product = byId.get(option.value);
        return (
          <Group gap="xs" wrap="nowrap" justify="space-between" w="100%">
            <Text size="sm" c={product?.is_active === false ? 'dimmed' : undefined} truncate>{option.label}</Text>
            {product?.sku && <Text size="xs" c="dimmed" ff="monospace">{product.sku}</Text>}
          </Group>
        );
      }}
      nothingFoundMessage={products.isFetching ? t('common.loading') : t('common.nothingFound')}
      comboboxProps={{ withinPortal: true }}
    />
  );
}
