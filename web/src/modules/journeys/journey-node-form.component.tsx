import { useState } from 'react';
import { NumberInput, Select, Stack, TextInput, Textarea } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useTemplates } from '../templates/templates.api.ts';
import type { JourneyNode } from './journeys.types.ts';

type Change = (node: JourneyNode) => void;
type Of<T extends JourneyNode['type']> = Extract<JourneyNode, { type: T }>;

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

function RuleField({ node, onChange, isReadOnly }: { node: Of<'condition'>; onChange: Change; isReadOnly: boolean }) {
  const { t } = useTranslation();
  const [text, setText] = useState(JSON.stringify(node.rule, null, 2));
  const [isInvalid, setInvalid] = useState(false);
  return (
    <Textarea label={t('journeys.panel.rule')} value={text} autosize minRows={6} readOnly={isReadOnly} styles={{ input: { fontFamily: 'monospace' } }}
      error={isInvalid ? t('journeys.panel.ruleInvalid') : undefined}
      onChange={(e) => {
        setText(e.currentTarget.value);
        try {
          onChange({ ...node, rule: JSON.parse(e.currentTarget.value) as Of<'condition'>['rule'] });
          setInvalid(false);
        } catch {
          setInvalid(true);
        }
      }} />
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
export function JourneyNodeForm({ node, onChange, isReadOnly }: { node: JourneyNode; onChange: Change; isReadOnly: boolean }) {
  const { t } = useTranslation();
  const fields = (() => {
    switch (node.type) {
      case 'trigger': return <TriggerFields node={node} onChange={onChange} isReadOnly={isReadOnly} />;
      case 'wait': return node.wait.mode === 'duration'
        ? <NumberInput label={t('journeys.panel.minutes')} min={1} value={node.wait.minutes} readOnly={isReadOnly} data-testid="journey-wait-minutes"
            onChange={(v) => onChange({ ...node, wait: { mode: 'duration', minutes: Number(v) || 1 } })} />
        : <TextInput label={t('journeys.panel.localTime')} value={node.wait.at} readOnly={isReadOnly}
            onChange={(e) => onChange({ ...node, wait: { mode: 'local_time', at: e.currentTarget.value } })} />;
      case 'condition': return <RuleField key={node.id} node={node} onChange={onChange} isReadOnly={isReadOnly} />;
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
