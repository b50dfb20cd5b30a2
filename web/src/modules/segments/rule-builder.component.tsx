import { ActionIcon, Button, Group, MultiSelect, NumberInput, Paper, SegmentedControl, Select, Stack, Text, TextInput } from '@mantine/core';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { COMPARISONS, CHURN_RISKS, ORDER_METRICS } from '../../../../src/modules/segments/segment-rules.schema.ts';
import { RFM_SEGMENTS } from '../analytics/customer-value.api.ts';
import { CHANNELS, PURPOSES } from '../consent/index.ts';
import { ConditionValue, emptyValue, localized, useObjectTypes, useOpLabel, valueShape, type FieldMeta } from '../records/index.ts';
import { ReferencePicker } from '../records/field-input.component.tsx';
import type { FilterOp } from '../records/records.types.ts';
import {
  CONDITION_KINDS, MAX_GROUP_DEPTH, newCondition, newGroup, type ConditionDraft, type ConditionKind, type GroupDraft, type RuleDraft,
} from './segment-rules.draft.ts';
import { useSegments } from './segments.api.ts';

const EVENT_TYPES = [
  'page_view', 'product_view', 'add_to_cart', 'remove_from_cart', 'checkout_started', 'form_submitted', 'identify', 'email_opened', 'email_clicked',
] as const;

interface NodeProps<T extends RuleDraft> {
  node: T;
  path: string;
  errors: Record<string, string>;
  onChange: (node: RuleDraft) => void;
  onRemove?: () => void;
}

/** The number an input holds, or undefined while it is empty. */
const numberOf = (value: string | number) => (value === '' ? undefined : Number(value));

function ConditionEditor({ node, path, errors, onChange, onRemove, fields, segmentId }: NodeProps<ConditionDraft> & { fields: FieldMeta[]; segmentId?: string }) {
  const { t, i18n } = useTranslation();
  const opLabel = useOpLabel();
  const { data: objectTypes } = useObjectTypes();
  const segments = useSegments();
  const error = (suffix: string) => errors[`${path}.${suffix}`];
  const comboboxProps = { withinPortal: true };
  const comparisons = COMPARISONS.map((op) => ({ value: op, label: t(`segments.builder.comparisons.${op}`) }));
  const set = (patch: Partial<ConditionDraft>) => onChange({ ...node, ...patch } as ConditionDraft);

  const body = (() => {
    switch (node.kind) {
      case 'profile': {
        const field = fields.find((candidate) => candidate.name === node.field);
        return (
          <>
            <Group gap="xs" grow align="flex-start">
              <Select
                aria-label={t('filter.field')} placeholder={t('filter.field')} searchable allowDeselect={false} comboboxProps={comboboxProps}
                data={fields.map((candidate) => ({ value: candidate.name, label: localized(candidate.label, i18n.language) }))}
                value={node.field} error={error('field')}
                onChange={(name) => {
                  const next = fields.find((candidate) => candidate.name === name);
                  const op = next?.ops[0] ?? null;
                  set({ field: name, op, value: emptyValue(op) });
                }}
              />
              <Select
                aria-label={t('filter.operator')} placeholder={t('filter.operator')} allowDeselect={false} comboboxProps={comboboxProps} disabled={!field}
                data={(field?.ops ?? []).map((op) => ({ value: op, label: opLabel(field!, op) }))}
                value={node.op} error={error('op')}
                onChange={(op) => set({ op: op as FilterOp, value: valueShape(op as FilterOp) === valueShape(node.op) ? node.value : emptyValue(op as FilterOp) })}
              />
            </Group>
            {field && node.op && (
              <ConditionValue field={field} condition={{ key: node.key, field: node.field, op: node.op, value: node.value }} error={error('value')} onChange={(value) => set({ value })} />
            )}
          </>
        );
      }
      case 'orders': {
        const product = objectTypes?.find((type) => type.type === 'product');
        return (
          <>
            <Group gap="xs" grow align="flex-start">
              <Select
                aria-label={t('segments.builder.metric')} allowDeselect={false} comboboxProps={comboboxProps} value={node.metric}
                data={ORDER_METRICS.map((metric) => ({ value: metric, label: t(`segments.builder.metrics.${metric}`) }))}
                onChange={(metric) => set({ metric: metric as typeof node.metric })}
              />
              <Select aria-label={t('segments.builder.comparison')} allowDeselect={false} comboboxProps={comboboxProps} data={comparisons} value={node.op} onChange={(op) => set({ op: op as typeof node.op })} />
              <NumberInput aria-label={t('segments.builder.value')} min={0} value={node.value} error={error('value')} onChange={(value) => set({ value: numberOf(value) ?? 0 })} />
            </Group>
            <Group gap="xs" grow align="flex-start">
              <NumberInput
                aria-label={t('segments.builder.withinDays')} label={t('segments.builder.withinDays')} placeholder={t('segments.builder.anyTime')}
                min={1} max={3650} allowDecimal={false} value={node.within_days ?? ''} error={error('within_days')}
                onChange={(value) => set({ within_days: numberOf(value) })}
              />
              {product && (
                <ReferencePicker target={product} label={t('segments.builder.product')} value={node.product_id ?? ''} error={error('product_id')} isRequired={false} onChange={(id) => set({ product_id: id ?? undefined })} />
              )}
              <TextInput label={t('segments.builder.category')} value={node.category ?? ''} error={error('category')} onChange={(event) => set({ category: event.currentTarget.value || undefined })} />
            </Group>
          </>
        );
      }
      case 'event':
        return (
          <Group gap="xs" grow align="flex-end">
            <SegmentedControl
              value={node.did ? 'did' : 'did_not'} onChange={(value) => set({ did: value === 'did' })}
              data={[{ value: 'did', label: t('segments.builder.did') }, { value: 'did_not', label: t('segments.builder.didNot') }]}
            />
            <Select
              label={t('segments.builder.eventType')} allowDeselect={false} searchable comboboxProps={comboboxProps} value={node.event_type} error={error('event_type')}
              data={EVENT_TYPES.map((type) => ({ value: type, label: t(`segments.builder.events.${type}`) }))}
              onChange={(type) => set({ event_type: type ?? node.event_type })}
            />
            <NumberInput label={t('segments.builder.atLeast')} min={1} max={1000} allowDecimal={false} value={node.at_least} error={error('at_least')} onChange={(value) => set({ at_least: numberOf(value) ?? 1 })} />
            <NumberInput
              label={t('segments.builder.withinDays')} placeholder={t('segments.builder.anyTime')} min={1} max={3650} allowDecimal={false}
              value={node.within_days ?? ''} error={error('within_days')} onChange={(value) => set({ within_days: numberOf(value) })}
            />
          </Group>
        );
      case 'rfm_segment':
      case 'churn_risk': {
        const options = node.kind === 'rfm_segment'
          ? RFM_SEGMENTS.map((segment) => ({ value: segment, label: t(`analytics.value.segments.${segment}`) }))
          : CHURN_RISKS.map((risk) => ({ value: risk, label: t(`analytics.value.risks.${risk}`) }));
        return (
          <MultiSelect
            aria-label={t('segments.builder.values')} comboboxProps={comboboxProps} value={node.values} error={error('values')} data={options}
            onChange={(values) => set({ values } as Partial<ConditionDraft>)}
          />
        );
      }
      case 'clv':
      case 'p_alive':
        return (
          <Group gap="xs" grow align="flex-start">
            <Select aria-label={t('segments.builder.comparison')} allowDeselect={false} comboboxProps={comboboxProps} data={comparisons} value={node.op} onChange={(op) => set({ op: op as typeof node.op })} />
            <NumberInput
              aria-label={t('segments.builder.value')} min={0} max={node.kind === 'p_alive' ? 1 : undefined} step={node.kind === 'p_alive' ? 0.05 : 1000}
              decimalScale={node.kind === 'p_alive' ? 2 : 0} value={node.value} error={error('value')} onChange={(value) => set({ value: numberOf(value) ?? 0 })}
            />
          </Group>
        );
      case 'consent':
        return (
          <Group gap="xs" grow align="flex-start">
            <Select
              aria-label={t('segments.builder.channel')} allowDeselect={false} comboboxProps={comboboxProps} value={node.channel}
              data={CHANNELS.map((channel) => ({ value: channel, label: t(`consents.channels.${channel}`) }))} onChange={(channel) => set({ channel: channel as typeof node.channel })}
            />
            <Select
              aria-label={t('segments.builder.purpose')} allowDeselect={false} comboboxProps={comboboxProps} value={node.purpose}
              data={PURPOSES.map((purpose) => ({ value: purpose, label: t(`consents.purposes.${purpose}`) }))} onChange={(purpose) => set({ purpose: purpose as typeof node.purpose })}
            />
            <SegmentedControl
              value={node.is_contactable ? 'yes' : 'no'} onChange={(value) => set({ is_contactable: value === 'yes' })}
              data={[{ value: 'yes', label: t('segments.builder.contactable') }, { value: 'no', label: t('segments.builder.notContactable') }]}
            />
          </Group>
        );
      case 'segment':
        return (
          <Group gap="xs" grow align="flex-start">
            <SegmentedControl
              value={node.is_member ? 'in' : 'out'} onChange={(value) => set({ is_member: value === 'in' })}
              data={[{ value: 'in', label: t('segments.builder.isMember') }, { value: 'out', label: t('segments.builder.isNotMember') }]}
            />
            <Select
              aria-label={t('segments.builder.segment')} placeholder={t('segments.builder.segment')} searchable allowDeselect={false} comboboxProps={comboboxProps}
              data={(segments.data?.data ?? []).filter((segment) => segment.id !== segmentId).map((segment) => ({ value: segment.id, label: segment.name }))}
              value={node.segment_id || null} error={error('segment_id')} onChange={(id) => set({ segment_id: id ?? '' })}
            />
          </Group>
        );
    }
  })();

  return (
    <Paper withBorder p="sm" radius="md" data-testid="segment-condition">
      <Stack gap="xs">
        <Group gap="xs" wrap="nowrap">
          <Select
            aria-label={t('segments.builder.kind')} allowDeselect={false} comboboxProps={comboboxProps} style={{ flex: 1 }}
            data={CONDITION_KINDS.map((kind) => ({ value: kind, label: t(`segments.builder.kinds.${kind}`) }))}
            value={node.kind} onChange={(kind) => onChange({ ...newCondition(kind as ConditionKind), key: node.key })}
          />
          {onRemove && (
            <ActionIcon variant="subtle" color="gray" size="lg" aria-label={t('segments.builder.remove')} onClick={onRemove}>
              <IconTrash size={16} />
            </ActionIcon>
          )}
        </Group>
        {body}
      </Stack>
    </Paper>
  );
}

function GroupEditor({ node, path, errors, onChange, onRemove, fields, segmentId, depth }: NodeProps<GroupDraft> & { fields: FieldMeta[]; segmentId?: string; depth: number }) {
  const { t } = useTranslation();
  const replaceChild = (index: number, child: RuleDraft | null) =>
    onChange({ ...node, rules: child ? node.rules.map((current, i) => (i === index ? child : current)) : node.rules.filter((_, i) => i !== index) });
  return (
    <Paper withBorder={depth > 0} p={depth > 0 ? 'sm' : 0} radius="md" bg={depth > 0 ? 'var(--mantine-color-gray-0)' : undefined} data-testid="segment-group">
      <Stack gap="sm">
        <Group justify="space-between">
          <Group gap="xs">
            <Text size="sm">{t('segments.builder.match')}</Text>
            <SegmentedControl
              size="xs" value={node.match} onChange={(match) => onChange({ ...node, match: match as GroupDraft['match'] })}
              data={[{ value: 'all', label: t('segments.builder.all') }, { value: 'any', label: t('segments.builder.any') }]}
            />
          </Group>
          {onRemove && (
            <ActionIcon variant="subtle" color="gray" aria-label={t('segments.builder.remove')} onClick={onRemove}><IconTrash size={16} /></ActionIcon>
          )}
        </Group>
        {node.rules.length === 0 && <Text size="sm" c={errors[`${path}.rules`] ? 'red' : 'dimmed'}>{t('segments.builder.empty')}</Text>}
        {node.rules.map((child, index) => {
          const childPath = `${path}.rules.${index}`;
          const props = { path: childPath, errors, onChange: (next: RuleDraft) => replaceChild(index, next), onRemove: () => replaceChild(index, null), fields, segmentId };
          return child.kind === 'group'
            ? <GroupEditor key={child.key} node={child} depth={depth + 1} {...props} />
            : <ConditionEditor key={child.key} node={child} {...props} />;
        })}
        <Group gap="xs">
          <Button size="xs" variant="light" leftSection={<IconPlus size={14} />} onClick={() => onChange({ ...node, rules: [...node.rules, newCondition('profile')] })}>
            {t('segments.builder.addCondition')}
          </Button>
          {depth + 1 < MAX_GROUP_DEPTH && (
            <Button size="xs" variant="subtle" leftSection={<IconPlus size={14} />} onClick={() => onChange({ ...node, rules: [...node.rules, newGroup([newCondition('profile')])] })}>
              {t('segments.builder.addGroup')}
            </Button>
          )}
        </Group>
      </Stack>
    </Paper>
  );
}

interface RuleBuilderProps {
  draft: GroupDraft;
  errors: Record<string, string>;
  onChange: (draft: GroupDraft) => void;
  /** The segment being edited, which its own conditions can't name. */
  segmentId?: string;
}

/** The visual rule builder: nested all/any groups of conditions, each with the inputs its kind needs. */
export function RuleBuilder({ draft, errors, onChange, segmentId }: RuleBuilderProps) {
  const { data: objectTypes } = useObjectTypes();
  const fields = objectTypes?.find((type) => type.type === 'person')?.fields.filter((field) => field.ops.length > 0) ?? [];
  return <GroupEditor node={draft} path="rules" depth={0} errors={errors} fields={fields} segmentId={segmentId} onChange={(next) => onChange(next as GroupDraft)} />;
}
