import { useState } from 'react';
import {
  ActionIcon, Alert, Badge, Button, Drawer, Group, MultiSelect, NumberInput, Paper, SegmentedControl, Select, Stack, TagsInput, Text, TextInput,
} from '@mantine/core';
import { IconFilter, IconInfoCircle, IconPlus, IconTrash } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { ReferenceMultiPicker, ReferencePicker, toLocalInput } from './field-input.component.tsx';
import { useOwnerOptions } from './owner-name.component.tsx';
import { isUserField, localized, optionLabel, referenceTarget } from './record-fields.ts';
import {
  countConditions, draftFromFilter, emptyValue, filterFromDraft, isComplete, newCondition, valueShape,
  type ConditionDraft, type FilterDraft, type FilterMode,
} from './record-filter.ts';
import { useObjectTypes } from './records.api.ts';
import type { FieldMeta, Filter, FilterOp } from './records.types.ts';

const TIME_KINDS = new Set(['date', 'datetime']);

/** The operator's name for this kind of field: dates are "before/after", multi-selects and text lists "has". */
export function useOpLabel() {
  const { t } = useTranslation();
  return (field: FieldMeta, op: FilterOp): string => {
    if (TIME_KINDS.has(field.kind) && (op === 'lt' || op === 'lte' || op === 'gt' || op === 'gte')) return t(`filter.timeOps.${op}`);
    const isSet = field.kind === 'multi_select' || field.kind === 'text_list' || field.kind === 'user_list';
    if (isSet && (op === 'contains' || op === 'not_contains' || op === 'in')) return t(`filter.setOps.${op}`);
    return t(`filter.ops.${op}`);
  };
}

interface ValueInputProps {
  field: FieldMeta;
  value: unknown;
  label: string;
  error?: string;
  onChange: (value: unknown) => void;
}

const asText = (value: unknown) => (value === null || value === undefined ? '' : String(value));

/** One value of a condition, with the input the field's kind calls for. */
function SingleValueInput({ field, value, label, error, onChange }: ValueInputProps) {
  const { t, i18n } = useTranslation();
  const { data: objectTypes } = useObjectTypes();
  const ownerOptions = useOwnerOptions();
  const common = { 'aria-label': label, placeholder: label, error };
  const text = asText(value);

  // A member list's condition names one member: "has me", "has Anna".
  if (isUserField(field) || field.kind === 'user_list') {
    return <Select {...common} data={ownerOptions} value={text || null} onChange={onChange} searchable comboboxProps={{ withinPortal: true }} />;
  }
  if (field.options && field.options.length > 0) {
    const data = field.options.map((option) => ({ value: option, label: optionLabel(field, option, i18n.language) }));
    return <Select {...common} data={data} value={text || null} onChange={onChange} searchable comboboxProps={{ withinPortal: true }} />;
  }
  switch (field.kind) {
    case 'boolean':
      return (
        <Select
          {...common}
          data={[{ value: 'true', label: t('common.yes') }, { value: 'false', label: t('common.no') }]}
          value={typeof value === 'boolean' ? String(value) : null}
          onChange={(next) => onChange(next === null ? '' : next === 'true')}
          comboboxProps={{ withinPortal: true }}
        />
      );
    case 'reference': {
      const target = objectTypes && referenceTarget(field, objectTypes);
      if (!target) break;
      return <ReferencePicker target={target} ariaLabel={label} value={text} error={error} isRequired={false} onChange={(next) => onChange(next ?? '')} />;
    }
    case 'number':
    case 'money':
      return <NumberInput {...common} value={typeof value === 'number' || typeof value === 'string' ? value : ''} onChange={onChange} />;
    case 'date':
      return <TextInput {...common} type="date" value={text} onChange={(event) => onChange(event.currentTarget.value)} />;
    case 'text_list':
      // One item, which the server reads as it reads items on write (a phone in any format).
      return <TextInput {...common} placeholder={t('textList.filterItem')} value={text} onChange={(event) => onChange(event.currentTarget.value)} />;
    case 'datetime':
      // Local wall time in the input, an instant in the filter.
      return (
        <TextInput
          {...common}
          type="datetime-local"
          value={text ? toLocalInput(text) : ''}
          onChange={(event) => onChange(event.currentTarget.value ? new Date(event.currentTarget.value).toISOString() : '')}
        />
      );
  }
  return <TextInput {...common} value={text} onChange={(event) => onChange(event.currentTarget.value)} />;
}

/** Several values, for "is any of" and "is none of". */
function ListValueInput({ field, value, label, error, onChange }: ValueInputProps) {
  const { t, i18n } = useTranslation();
  const { data: objectTypes } = useObjectTypes();
  const ownerOptions = useOwnerOptions();
  const values = Array.isArray(value) ? value.map(String) : [];
  const common = { 'aria-label': label, placeholder: label, error, value: values, comboboxProps: { withinPortal: true } };

  if (isUserField(field)) return <MultiSelect {...common} data={ownerOptions} onChange={onChange} searchable />;
  if (field.options && field.options.length > 0) {
    const data = field.options.map((option) => ({ value: option, label: optionLabel(field, option, i18n.language) }));
    return <MultiSelect {...common} data={data} onChange={onChange} />;
  }
  if (field.kind === 'boolean') {
    const data = [{ value: 'true', label: t('common.yes') }, { value: 'false', label: t('common.no') }];
    return <MultiSelect {...common} data={data} onChange={(next) => onChange(next.map((item) => item === 'true'))} />;
  }
  const target = field.kind === 'reference' && objectTypes ? referenceTarget(field, objectTypes) : undefined;
  if (target) return <ReferenceMultiPicker target={target} ariaLabel={label} value={values} error={error} onChange={onChange} />;
  return <TagsInput {...common} onChange={onChange} />;
}

export function ConditionValue({ field, condition, error, onChange }: { field: FieldMeta; condition: ConditionDraft; error?: string; onChange: (value: unknown) => void }) {
  const { t } = useTranslation();
  const shape = valueShape(condition.op);
  const props = { field, error, onChange };
  switch (shape) {
    case 'none':
      return null;
    case 'days':
      return (
        <NumberInput
          aria-label={t('filter.days')}
          placeholder={t('filter.days')}
          error={error}
          min={0}
          max={36_500}
          allowDecimal={false}
          allowNegative={false}
          value={typeof condition.value === 'number' || typeof condition.value === 'string' ? condition.value : ''}
          onChange={onChange}
        />
      );
    case 'range': {
      const [from, to] = Array.isArray(condition.value) ? condition.value : ['', ''];
      return (
        <Group grow align="flex-start">
          <SingleValueInput {...props} label={t('filter.from')} value={from} onChange={(next) => onChange([next, to])} />
          <SingleValueInput {...props} label={t('filter.to')} value={to} onChange={(next) => onChange([from, next])} />
        </Group>
      );
    }
    case 'list':
      return <ListValueInput {...props} label={t('filter.value')} value={condition.value} />;
    default:
      return <SingleValueInput {...props} label={t('filter.value')} value={condition.value} />;
  }
}

interface ConditionRowProps {
  fields: FieldMeta[];
  condition: ConditionDraft;
  isShowingErrors: boolean;
  onChange: (condition: ConditionDraft) => void;
  onRemove: () => void;
}

function ConditionRow({ fields, condition, isShowingErrors, onChange, onRemove }: ConditionRowProps) {
  const { t, i18n } = useTranslation();
  const opLabel = useOpLabel();
  const field = fields.find((candidate) => candidate.name === condition.field);
  const error = isShowingErrors && field && !isComplete(condition) ? t('filter.valueRequired') : undefined;

  const onField = (name: string | null) => {
    const next = fields.find((candidate) => candidate.name === name) ?? null;
    onChange({ ...newCondition(next), key: condition.key });
  };
  const onOp = (op: string | null) => {
    const nextOp = (op as FilterOp | null) ?? null;
    // A value of the same shape carries over (eq → neq keeps the value); another shape starts empty.
    const isSameShape = valueShape(nextOp) === valueShape(condition.op);
    onChange({ ...condition, op: nextOp, value: isSameShape ? condition.value : emptyValue(nextOp) });
  };

  return (
    <Paper withBorder p="sm" radius="md" data-testid="filter-condition">
      <Stack gap="xs">
        <Group gap="xs" wrap="nowrap" align="flex-start">
          <Select
            aria-label={t('filter.field')}
            placeholder={t('filter.field')}
            data={fields.map((candidate) => ({ value: candidate.name, label: localized(candidate.label, i18n.language) }))}
            value={condition.field}
            onChange={onField}
            searchable
            allowDeselect={false}
            style={{ flex: 1 }}
            comboboxProps={{ withinPortal: true }}
          />
          <Select
            aria-label={t('filter.operator')}
            placeholder={t('filter.operator')}
            data={(field?.ops ?? []).map((op) => ({ value: op, label: opLabel(field!, op) }))}
            value={condition.op}
            onChange={onOp}
            disabled={!field}
            allowDeselect={false}
            w={190}
            comboboxProps={{ withinPortal: true }}
          />
          <ActionIcon variant="subtle" color="gray" size="lg" aria-label={t('filter.remove')} onClick={onRemove}>
            <IconTrash size={16} />
          </ActionIcon>
        </Group>
        {field && (
          <ConditionValue field={field} condition={condition} error={error} onChange={(value) => onChange({ ...condition, value })} />
        )}
      </Stack>
    </Paper>
  );
}

interface FilterDrawerProps {
  fields: FieldMeta[];
  filter: Filter | null;
  onApply: (filter: Filter | null) => void;
  onClose: () => void;
}

/** Mounted only while open, so each opening starts from the applied filter. */
function FilterDrawer({ fields, filter, onApply, onClose }: FilterDrawerProps) {
  const { t } = useTranslation();
  const [initial] = useState(() => draftFromFilter(filter));
  const [draft, setDraft] = useState<FilterDraft>(initial ?? { mode: 'and', conditions: [] });
  const [isShowingErrors, setShowingErrors] = useState(false);
  const isNested = initial === null;

  const setCondition = (next: ConditionDraft) =>
    setDraft((current) => ({ ...current, conditions: current.conditions.map((condition) => (condition.key === next.key ? next : condition)) }));
  const removeCondition = (key: number) =>
    setDraft((current) => ({ ...current, conditions: current.conditions.filter((condition) => condition.key !== key) }));
  const addCondition = () => setDraft((current) => ({ ...current, conditions: [...current.conditions, newCondition()] }));

  const apply = () => {
    // Rows without a field are dropped; a chosen field without its value is a mistake to point out.
    if (draft.conditions.some((condition) => condition.field && !isComplete(condition))) {
      setShowingErrors(true);
      return;
    }
    onApply(filterFromDraft(draft, fields));
    onClose();
  };
  const clear = () => {
    onApply(null);
    onClose();
  };

  return (
    <Drawer opened onClose={onClose} position="right" size="lg" title={t('filter.title')}>
      {isNested ? (
        <Stack>
          <Alert color="gray" icon={<IconInfoCircle size={18} />}>{t('filter.nested')}</Alert>
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>{t('common.cancel')}</Button>
            <Button color="red" variant="light" onClick={clear}>{t('filter.clear')}</Button>
          </Group>
        </Stack>
      ) : (
        <Stack>
          <Group gap="sm">
            <Text size="sm">{t('filter.match')}</Text>
            <SegmentedControl
              size="xs"
              value={draft.mode}
              onChange={(mode) => setDraft((current) => ({ ...current, mode: mode as FilterMode }))}
              data={[{ value: 'and', label: t('filter.all') }, { value: 'or', label: t('filter.any') }]}
            />
          </Group>
          {draft.conditions.length === 0 && <Text size="sm" c="dimmed">{t('filter.empty')}</Text>}
          {draft.conditions.map((condition) => (
            <ConditionRow
              key={condition.key}
              fields={fields}
              condition={condition}
              isShowingErrors={isShowingErrors}
              onChange={setCondition}
              onRemove={() => removeCondition(condition.key)}
            />
          ))}
          <Group justify="space-between">
            <Button variant="subtle" leftSection={<IconPlus size={16} />} onClick={addCondition}>{t('filter.add')}</Button>
            <Group gap="xs">
              <Button variant="default" onClick={clear}>{t('filter.clear')}</Button>
              <Button onClick={apply}>{t('filter.apply')}</Button>
            </Group>
          </Group>
        </Stack>
      )}
    </Drawer>
  );
}

interface FilterButtonProps {
  /** The fields the reader may filter on. */
  fields: FieldMeta[];
  filter: Filter | null;
  onApply: (filter: Filter | null) => void;
}

/** The filter button with the number of conditions applied, opening the builder. */
export function FilterButton({ fields, filter, onApply }: FilterButtonProps) {
  const { t } = useTranslation();
  const [isOpen, setOpen] = useState(false);
  const count = countConditions(filter);
  return (
    <>
      <Button
        variant={count > 0 ? 'light' : 'default'}
        leftSection={<IconFilter size={16} />}
        rightSection={count > 0 ? <Badge size="sm" circle data-testid="filter-count">{count}</Badge> : null}
        onClick={() => setOpen(true)}
      >
        {t('filter.button')}
      </Button>
      {isOpen && <FilterDrawer fields={fields} filter={filter} onApply={onApply} onClose={() => setOpen(false)} />}
    </>
  );
}
