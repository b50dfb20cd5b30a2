import { useEffect, useMemo, useState } from 'react';
import { NumberInput, Select, Stack, Text, TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useObjectTypes } from '../records/index.ts';
import { RuleBuilder } from '../segments/rule-builder.component.tsx';
import { checkDraft, draftFromRules, type GroupDraft } from '../segments/segment-rules.draft.ts';
import { useTemplates } from '../templates/templates.api.ts';
import type { JourneyNode } from './journeys.types.ts';

type Change = (node: JourneyNode) => void;
type Of<T extends JourneyNode['type']> = Extract<JourneyNode, { type: T }>;

interface NodeFormProps<T extends JourneyNode['type']> {
  node: Of<T>;
  onChange: Change;
  isReadOnly: boolean;
  /** The server's complaints about this node's rule, keyed as the rule builder names its inputs (`rules.rules.0.field`). */
  errors?: Record<string, string>;
  /** Called with false while the condition's rule is incomplete, and with true once it is whole again. */
  onValidity?: (isValid: boolean) => void;
}

function TriggerFields({ node, onChange, isReadOnly }: { node: Of<'trigger'>; onChange: Change; isReadOnly: boolean }) {
  const { t } = useTranslation();
  const trigger = node.trigger;
  return (
    <>
      <TextInput label={t('journeys.triggerKinds.event')} value={t(`journeys.triggerKinds.${trigger.kind}`)} readOnly />
      {trigger.kind === 'event' && (
        <TextInput label={t('journeys.panel.event')} value={trigger.event} readOnly={isReadOnly}
          onChange={(e) => onChange({ ...node, trigger: { ...trigger, event: e.currentTarget.value } })} />
      )}
      {(trigger.kind === 'segment' || trigger.kind === 'schedule') && (
        <TextInput label={t('journeys.panel.segmentId')} value={trigger.segment_id} readOnly={isReadOnly}
          onChange={(e) => onChange({ ...node, trigger: { ...trigger, segment_id: e.currentTarget.value } })} />
      )}
      {trigger.kind === 'date' && (
        <NumberInput label={t('journeys.panel.offsetDays')} value={trigger.offset_days} readOnly={isReadOnly}
          onChange={(v) => onChange({ ...node, trigger: { ...trigger, offset_days: Number(v) || 0 } })} />
      )}
      {(trigger.kind === 'date' || trigger.kind === 'schedule') && (
        <TextInput label={t('journeys.panel.at')} value={trigger.at} readOnly={isReadOnly}
          onChange={(e) => onChange({ ...node, trigger: { ...trigger, at: e.currentTarget.value } })} />
      )}
    </>
  );
}

/**
 * A condition's rule, built visually with the segments' rule builder. Only a complete rule reaches the
 * definition; while the draft is incomplete its inputs say what is missing and `onValidity` tells the
 * editor, which holds saving back. Leaving the node drops an incomplete edit: the last complete rule stays.
 */
function RuleField({ node, onChange, isReadOnly, errors: serverErrors, onValidity }: NodeFormProps<'condition'>) {
  const { t } = useTranslation();
  const { data: objectTypes } = useObjectTypes();
  const fields = useMemo(() => objectTypes?.find((type) => type.type === 'person')?.fields ?? [], [objectTypes]);
  const [draft, setDraft] = useState<GroupDraft>(() => draftFromRules(node.rule));
  const [isTouched, setTouched] = useState(false);
  const checked = useMemo(() => checkDraft(draft, fields, t('segments.builder.invalid')), [draft, fields, t]);
  const isInvalid = isTouched && checked.rules === null;
  useEffect(() => {
    onValidity?.(!isInvalid);
    return () => onValidity?.(true);
  }, [isInvalid, onValidity]);
  const onDraft = (next: GroupDraft) => {
    setDraft(next);
    setTouched(true);
    const rules = checkDraft(next, fields, t('segments.builder.invalid')).rules;
    if (rules) onChange({ ...node, rule: rules });
  };
  return (
    <Stack gap={4} data-testid="journey-condition-rule">
      <Text size="sm" fw={500}>{t('journeys.panel.rule')}</Text>
      {/* A disabled fieldset turns off every input of the builder for readers. */}
      <fieldset disabled={isReadOnly} style={{ border: 0, padding: 0, margin: 0, minWidth: 0 }}>
        <RuleBuilder draft={draft} errors={{ ...(isTouched ? checked.errors : {}), ...serverErrors }} onChange={onDraft} />
      </fieldset>
      {isInvalid && <Text size="xs" c="red">{t('journeys.panel.ruleInvalid')}</Text>}
    </Stack>
  );
}

function SendFields({ node, onChange, isReadOnly }: { node: Of<'send'>; onChange: Change; isReadOnly: boolean }) {
  const { t } = useTranslation();
  const templates = useTemplates();
  const options = (templates.data ?? []).filter((tpl) => node.channel === 'auto' || tpl.channel === node.channel).map((tpl) => ({ value: tpl.id, label: tpl.name }));
  return (
    <>
      <Select label={t('journeys.panel.channel')} value={node.channel} readOnly={isReadOnly} allowDeselect={false}
        data={['email', 'sms', 'telegram', 'auto']} onChange={(v) => v && onChange({ ...node, channel: v as Of<'send'>['channel'] })} />
      <Select label={t('journeys.panel.template')} value={node.template_id} readOnly={isReadOnly} searchable allowDeselect={false}
        data={options} onChange={(v) => v && onChange({ ...node, template_id: v })} data-testid="journey-send-template" />
    </>
  );
}

/** The side panel's form for one node, per node type. */
export function JourneyNodeForm({ node, onChange, isReadOnly, errors, onValidity }: Omit<NodeFormProps<JourneyNode['type']>, 'node'> & { node: JourneyNode }) {
  const { t } = useTranslation();
  const fields = (() => {
    switch (node.type) {
      case 'trigger': return <TriggerFields node={node} onChange={onChange} isReadOnly={isReadOnly} />;
      case 'wait': return node.wait.mode === 'duration'
        ? <NumberInput label={t('journeys.panel.minutes')} min={1} value={node.wait.minutes} readOnly={isReadOnly} data-testid="journey-wait-minutes"
            onChange={(v) => onChange({ ...node, wait: { mode: 'duration', minutes: Number(v) || 1 } })} />
        : <TextInput label={t('journeys.panel.localTime')} value={node.wait.at} readOnly={isReadOnly}
            onChange={(e) => onChange({ ...node, wait: { mode: 'local_time', at: e.currentTarget.value } })} />;
      case 'condition': return <RuleField key={node.id} node={node} onChange={onChange} isReadOnly={isReadOnly} errors={errors} onValidity={onValidity} />;
      case 'split': return node.branches.map((branch, i) => (
        <NumberInput key={branch.key} label={t('journeys.panel.percent', { key: branch.key })} min={0} max={100} value={branch.percent} readOnly={isReadOnly}
          onChange={(v) => onChange({ ...node, branches: node.branches.map((b, j) => (j === i ? { ...b, percent: Number(v) || 0 } : b)) })} />
      ));
      case 'send': return <SendFields node={node} onChange={onChange} isReadOnly={isReadOnly} />;
      case 'update': return node.update.action === 'set_field'
        ? <TextInput label={t('journeys.panel.field')} value={node.update.field} readOnly />
        : <TextInput label={t('journeys.panel.tag')} value={node.update.tag} readOnly={isReadOnly}
            onChange={(e) => onChange({ ...node, update: { action: (node.update as { action: 'add_tag' | 'remove_tag' }).action, tag: e.currentTarget.value } })} />;
      case 'task': return (
        <>
          <TextInput label={t('journeys.panel.subject')} value={node.subject} readOnly={isReadOnly} onChange={(e) => onChange({ ...node, subject: e.currentTarget.value })} />
          <NumberInput label={t('journeys.panel.dueInHours')} min={0} value={node.due_in_hours} readOnly={isReadOnly} onChange={(v) => onChange({ ...node, due_in_hours: Number(v) || 0 })} />
        </>
      );
      case 'webhook': return (
        <>
          <TextInput label={t('journeys.panel.url')} value={node.url} readOnly={isReadOnly} onChange={(e) => onChange({ ...node, url: e.currentTarget.value })} />
          <TextInput label={t('journeys.panel.secret')} value={node.secret ?? ''} readOnly={isReadOnly} onChange={(e) => onChange({ ...node, secret: e.currentTarget.value || undefined })} />
        </>
      );
      case 'exit': return null;
    }
  })();
  return (
    <Stack gap="sm">
      <TextInput label={t('journeys.panel.label')} value={node.label ?? ''} readOnly={isReadOnly}
        onChange={(e) => onChange({ ...node, label: e.currentTarget.value || undefined })} />
      {fields}
    </Stack>
  );
}
