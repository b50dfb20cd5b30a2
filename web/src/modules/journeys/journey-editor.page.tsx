import { useCallback, useEffect, useMemo, useState } from 'react';
import { Alert, Badge, Button, Card, Grid, Group, Loader, Menu, NumberInput, ScrollArea, Select, Text, TextInput, Title } from '@mantine/core';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router-dom';
import { isApiError } from '../../api/http.client.ts';
import { notifySuccess } from '../../api/query.client.ts';
import { PageHeader } from '../../shell/page-header.component.tsx';
import { useSession } from '../auth/auth.api.ts';
import { canEditSegments } from '../segments/segments.permissions.ts';
import { useTemplates } from '../templates/templates.api.ts';
import { JourneyGraph } from './journey-graph.component.tsx';
import { canInsertAfter, canRemove, INSERTABLE, insertAfter, removeNode } from './journey-graph-edit.ts';
import { JourneyNodeForm } from './journey-node-form.component.tsx';
import { JourneyStatusBadge } from './journey-status.component.tsx';
import { useJourney, useJourneyCounts, useJourneyTransition, useSaveJourney } from './journeys.api.ts';
import type { Journey, JourneyDefinition, JourneyNode } from './journeys.types.ts';

type Reentry = JourneyDefinition['reentry'];

/** Marketing → Journeys → one journey: the node graph with live counts, a per-node side panel, publish and pause. */
export function JourneyEditorPage() {
  const { id } = useParams<{ id: string }>();
  const journey = useJourney(id);
  if (!journey.data) return journey.isPending ? <Loader /> : null;
  return <JourneyEditor key={journey.data.updated_at} journey={journey.data} />;
}

function JourneyEditor({ journey }: { journey: Journey }) {
  const { t } = useTranslation();
  const canEdit = canEditSegments(useSession()) && journey.status !== 'archived';
  const [name, setName] = useState(journey.name);
  const [definition, setDefinition] = useState<JourneyDefinition>(journey.definition);
  const [selected, setSelected] = useState<string | null>(null);
  const [problem, setProblem] = useState<{ field?: string; detail?: string } | null>(null);
  const save = useSaveJourney();
  const transition = useJourneyTransition();
  const counts = useJourneyCounts(journey.id, journey.current_version !== null);
  const countsByNode = useMemo(() => new Map((counts.data?.nodes ?? []).map((c) => [c.node_id, c])), [counts.data]);
  const isDirty = name !== journey.name || JSON.stringify(definition) !== JSON.stringify(journey.definition);
  useEffect(() => setProblem(null), [definition]);

  const [isRuleIncomplete, setRuleIncomplete] = useState(false);
  const onRuleValidity = useCallback((isValid: boolean) => setRuleIncomplete(!isValid), []);

  const node = definition.graph.nodes.find((n) => n.id === selected) ?? null;
  // The server names a bad rule part as graph.nodes.N.rule…; the rule builder names it rules….
  const rulePrefix = node ? `graph.nodes.${definition.graph.nodes.indexOf(node)}.rule` : null;
  const ruleErrors = rulePrefix && problem?.field?.startsWith(rulePrefix) ? { [`rules${problem.field.slice(rulePrefix.length)}`]: problem.detail ?? '' } : {};
  const replaceNode = (changed: JourneyNode) =>
    setDefinition((d) => ({ ...d, graph: { ...d.graph, nodes: d.graph.nodes.map((n) => (n.id === changed.id ? changed : n)) } }));
  // The saved journey comes back with a new updated_at, which remounts this editor, often before a
  // mutate() callback would run (React Query drops those once the component is gone): the promise still settles.
  const onSave = () => save.mutateAsync({ id: journey.id, name, definition }).then(
    (saved) => notifySuccess(saved.current_version && saved.current_version.id !== journey.current_version?.id
      ? t('journeys.savedVersion', { number: saved.current_version.number }) : t('journeys.saved')),
    (error) => setProblem(isApiError(error) ? { field: error.problem.field, detail: error.problem.detail ?? error.problem.title } : { detail: String(error) }),
  );
  const emailTemplate = useTemplates().data?.find((tpl) => tpl.channel === 'email')?.id;
  const onInsert = (type: (typeof INSERTABLE)[number]) => {
    if (!node) return;
    const inserted = insertAfter(definition, node.id, type, emailTemplate);
    setDefinition(inserted.definition);
    setSelected(inserted.id);
  };
  const onRemove = () => {
    if (!node) return;
    setDefinition(removeNode(definition, node.id));
    setSelected(null);
  };
  const act = (name: 'publish' | 'pause' | 'resume' | 'archive') => transition.mutate({ id: journey.id, transition: name });

  const actions = canEdit && (
    <>
      {isDirty && <Button onClick={onSave} loading={save.isPending} disabled={isRuleIncomplete} data-testid="journey-save">{t('journeys.actions.save')}</Button>}
      {journey.status === 'draft' && <Button color="green" disabled={isDirty} onClick={() => act('publish')} loading={transition.isPending} data-testid="journey-publish">{t('journeys.actions.publish')}</Button>}
      {journey.status === 'live' && <Button variant="default" onClick={() => act('pause')} data-testid="journey-pause">{t('journeys.actions.pause')}</Button>}
      {journey.status === 'paused' && <Button color="green" onClick={() => act('resume')} data-testid="journey-resume">{t('journeys.actions.resume')}</Button>}
      <Button variant="subtle" color="red" onClick={() => act('archive')}>{t('journeys.actions.archive')}</Button>
    </>
  );

  return (
    <>
      <PageHeader title={journey.name} description={journey.description ?? undefined} actions={actions} />
      <Group gap="xs" mb="md">
        <JourneyStatusBadge status={journey.status} />
        <Badge variant="outline" data-testid="journey-version">
          {journey.current_version ? t('journeys.versionOf', { number: journey.current_version.number }) : t('journeys.noVersion')}
        </Badge>
      </Group>
      {problem && (
        <Alert color="red" mb="md" title={t('journeys.graphInvalid')} data-testid="journey-problem">
          {problem.field && <Text size="sm" ff="monospace">{problem.field}</Text>}
          <Text size="sm">{problem.detail}</Text>
        </Alert>
      )}
      <Grid>
        <Grid.Col span={{ base: 12, md: 8 }}>
          <Card withBorder padding="md">
            <ScrollArea>
              <JourneyGraph definition={definition} counts={countsByNode} selected={selected} onSelect={setSelected} />
            </ScrollArea>
          </Card>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 4 }}>
          <Card withBorder padding="md" mb="md">
            <TextInput label={t('journeys.name')} value={name} readOnly={!canEdit} onChange={(e) => setName(e.currentTarget.value)} mb="sm" />
            <TextInput label={t('journeys.panel.goals')} value={definition.goal_events.join(', ')} readOnly={!canEdit}
              onChange={(e) => setDefinition({ ...definition, goal_events: e.currentTarget.value.split(',').map((s) => s.trim()).filter(Boolean) })} mb="sm" />
            <ReentryField value={definition.reentry} isReadOnly={!canEdit} onChange={(reentry) => setDefinition({ ...definition, reentry })} />
          </Card>
          <Card withBorder padding="md" data-testid="journey-node-panel">
            <Title order={5} mb="sm">{node ? t(`journeys.nodeTypes.${node.type}`) : t('journeys.panel.title')}</Title>
            {node
              ? <JourneyNodeForm key={node.id} node={node} onChange={replaceNode} isReadOnly={!canEdit} errors={ruleErrors} onValidity={onRuleValidity} />
              : <Text size="sm" c="dimmed">{t('journeys.panel.hint')}</Text>}
            {node && canEdit && (
              <Group mt="md" gap="xs">
                {canInsertAfter(node) && (
                  <Menu position="bottom-start">
                    <Menu.Target>
                      <Button size="xs" variant="light" leftSection={<IconPlus size={14} />} data-testid="journey-add-step">{t('journeys.panel.addAfter')}</Button>
                    </Menu.Target>
                    <Menu.Dropdown>
                      {INSERTABLE.map((type) => <Menu.Item key={type} onClick={() => onInsert(type)}>{t(`journeys.nodeTypes.${type}`)}</Menu.Item>)}
                    </Menu.Dropdown>
                  </Menu>
                )}
                {canRemove(definition, node) && (
                  <Button size="xs" variant="subtle" color="red" leftSection={<IconTrash size={14} />} onClick={onRemove} data-testid="journey-remove-step">{t('journeys.panel.remove')}</Button>
                )}
              </Group>
            )}
          </Card>
        </Grid.Col>
      </Grid>
    </>
  );
}

function ReentryField({ value, onChange, isReadOnly }: { value: Reentry; onChange(value: Reentry): void; isReadOnly: boolean }) {
  const { t } = useTranslation();
  return (
    <Group grow align="flex-end">
      <Select label={t('journeys.panel.reentry')} value={value.mode} readOnly={isReadOnly} allowDeselect={false}
        data={(['once', 'after_days', 'always'] as const).map((mode) => ({ value: mode, label: t(`journeys.panel.reentryModes.${mode}`) }))}
        onChange={(mode) => onChange(mode === 'after_days' ? { mode, days: 30 } : { mode: (mode ?? 'once') as 'once' | 'always' })} />
      {value.mode === 'after_days' && (
        <NumberInput label={t('journeys.panel.reentryDays')} min={1} value={value.days} readOnly={isReadOnly} onChange={(v) => onChange({ mode: 'after_days', days: Number(v) || 1 })} />
      )}
    </Group>
  );
}
