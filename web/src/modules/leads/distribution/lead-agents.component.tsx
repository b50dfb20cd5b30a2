import { useMemo, useState } from 'react';
import { ActionIcon, Badge, Button, Chip, Group, Select, Switch, Table, Text, TextInput, Title } from '@mantine/core';
import { IconHeadset, IconPlus, IconTrash } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { notifySuccess } from '../../../api/query.client.ts';
import { formatDateTime } from '../../../i18n/format.ts';
import { ConfirmDialog } from '../../../shell/confirm-dialog.component.tsx';
import { EmptyPlaceholder } from '../../../shell/empty-placeholder.component.tsx';
import { SettingsTableCard } from '../../settings/settings-table-card.component.tsx';
import { useRemoveLeadAgent, useSaveLeadAgent } from '../leads.api.ts';
import type { LeadAgent, LeadAgentInput } from '../leads.types.ts';
import { AgentAddModal } from './agent-add.modal.tsx';

const ISO_WEEKDAYS = [1, 2, 3, 4, 5, 6, 7];
const TIME_OF_DAY = /^([01]\d|2[0-3]):[0-5]\d$/;

/** "Mon".."Sun" in the reader's language; 1 January 2024 was a Monday. */
function weekdayLabel(isoDay: number, language: string): string {
  const text = new Intl.DateTimeFormat(language, { weekday: 'short' }).format(new Date(2024, 0, isoDay));
  return text.charAt(0).toLocaleUpperCase(language) + text.slice(1);
}

/** The IANA zones the browser knows, with the agent's own kept even if it does not. */
function useTimeZones(current: string): string[] {
  return useMemo(() => {
    const zones = Intl.supportedValuesOf('timeZone');
    return zones.includes(current) ? zones : [current, ...zones];
  }, [current]);
}

interface AgentRowProps {
  agent: LeadAgent;
  canEdit: boolean;
  onSave: (input: LeadAgentInput) => void;
  onRemove: () => void;
}

/** Switches and days save at once; the hours save when the input is left. Keyed by the saved agent. */
function AgentRow({ agent, canEdit, onSave, onRemove }: AgentRowProps) {
  const { t, i18n } = useTranslation();
  const [start, setStart] = useState(agent.work_start);
  const [end, setEnd] = useState(agent.work_end);
  const timeZones = useTimeZones(agent.time_zone);
  const isRoundTheClock = agent.work_start === agent.work_end;

  const saveTime = (field: 'work_start' | 'work_end', value: string) => {
    if (value !== agent[field] && TIME_OF_DAY.test(value)) onSave({ [field]: value });
  };

  return (
    <Table.Tr data-testid="lead-agent">
      <Table.Td>
        <Text size="sm" fw={500}>{agent.name}</Text>
        <Badge size="sm" mt={2} color={agent.is_on_shift && agent.is_accepting ? 'teal' : 'gray'} variant="light">
          {agent.is_on_shift ? t('leads.distribution.onShift') : t('leads.distribution.offShift')}
        </Badge>
        {agent.last_assigned_at && (
          <Text size="xs" c="dimmed">{t('leads.distribution.lastAssigned', { when: formatDateTime(agent.last_assigned_at) })}</Text>
        )}
      </Table.Td>
      <Table.Td>
        <Switch
          aria-label={t('leads.distribution.accepting')}
          checked={agent.is_accepting}
          readOnly={!canEdit}
          onChange={(event) => onSave({ is_accepting: event.currentTarget.checked })}
        />
      </Table.Td>
      <Table.Td>
        <Chip.Group multiple value={agent.work_days.map(String)} onChange={(days) => onSave({ work_days: days.map(Number).sort((a, b) => a - b) })}>
          <Group gap={4} wrap="nowrap" role="group" aria-label={t('leads.distribution.workDays')}>
            {ISO_WEEKDAYS.map((day) => (
              <Chip key={day} value={String(day)} size="xs" icon={null} readOnly={!canEdit}>{weekdayLabel(day, i18n.language)}</Chip>
            ))}
          </Group>
        </Chip.Group>
      </Table.Td>
      <Table.Td>
        <Group gap={4} wrap="nowrap">
          <TextInput size="xs" type="time" w={116} aria-label={t('leads.distribution.workStart')} value={start} readOnly={!canEdit}
            onChange={(event) => setStart(event.currentTarget.value)} onBlur={() => saveTime('work_start', start)} />
          <Text size="sm" c="dimmed">–</Text>
          <TextInput size="xs" type="time" w={116} aria-label={t('leads.distribution.workEnd')} value={end} readOnly={!canEdit}
            onChange={(event) => setEnd(event.currentTarget.value)} onBlur={() => saveTime('work_end', end)} />
        </Group>
        {isRoundTheClock && <Text size="xs" c="dimmed">{t('leads.distribution.roundTheClock')}</Text>}
      </Table.Td>
      <Table.Td>
        <Select
          size="xs"
          aria-label={t('leads.distribution.timeZone')}
          data={timeZones}
          value={agent.time_zone}
          searchable
          allowDeselect={false}
          readOnly={!canEdit}
          onChange={(zone) => zone && zone !== agent.time_zone && onSave({ time_zone: zone })}
          comboboxProps={{ withinPortal: true }}
        />
      </Table.Td>
      <Table.Td>
        {canEdit && (
          <ActionIcon variant="subtle" color="red" aria-label={t('leads.distribution.removeAgent')} onClick={onRemove}>
            <IconTrash size={16} />
          </ActionIcon>
        )}
      </Table.Td>
    </Table.Tr>
  );
}

interface LeadAgentsProps {
  agents: LeadAgent[];
  canEdit: boolean;
}

export function LeadAgents({ agents, canEdit }: LeadAgentsProps) {
  const { t } = useTranslation();
  const save = useSaveLeadAgent();
  const remove = useRemoveLeadAgent();
  const [isAdding, setAdding] = useState(false);
  const [removing, setRemoving] = useState<LeadAgent | null>(null);

  const onRemove = () => {
    if (!removing) return;
    remove.mutate(removing.user_id, {
      onSuccess: () => {
        notifySuccess(t('leads.distribution.agentRemoved', { name: removing.name }));
        setRemoving(null);
      },
    });
  };

  return (
    <section>
      <Group justify="space-between" align="flex-end" mb="sm">
        <div>
          <Title order={4}>{t('leads.distribution.agentsTitle')}</Title>
          <Text size="sm" c="dimmed">{t('leads.distribution.agentsText')}</Text>
        </div>
        {canEdit && <Button leftSection={<IconPlus size={16} />} onClick={() => setAdding(true)}>{t('leads.distribution.addAgent')}</Button>}
      </Group>
      <SettingsTableCard
        isPending={false}
        isEmpty={agents.length === 0}
        minWidth={1040}
        empty={<EmptyPlaceholder icon={<IconHeadset size={28} />} title={t('leads.distribution.noAgents')} description={t('leads.distribution.noAgentsText')} />}
      >
        <Table.Thead>
          <Table.Tr>
            <Table.Th miw={200}>{t('leads.distribution.agent')}</Table.Th>
            <Table.Th>{t('leads.distribution.accepting')}</Table.Th>
            <Table.Th>{t('leads.distribution.workDays')}</Table.Th>
            <Table.Th miw={270}>{t('leads.distribution.workHours')}</Table.Th>
            <Table.Th miw={200}>{t('leads.distribution.timeZone')}</Table.Th>
            <Table.Th w={50} />
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {agents.map((agent) => (
            <AgentRow
              key={JSON.stringify(agent)}
              agent={agent}
              canEdit={canEdit}
              onSave={(input) => save.mutate({ userId: agent.user_id, ...input })}
              onRemove={() => setRemoving(agent)}
            />
          ))}
        </Table.Tbody>
      </SettingsTableCard>
      {isAdding && <AgentAddModal agentIds={agents.map((agent) => agent.user_id)} onClose={() => setAdding(false)} />}
      <ConfirmDialog
        opened={removing !== null}
        title={t('leads.distribution.removeAgentTitle')}
        message={t('leads.distribution.removeAgentText', { name: removing?.name ?? '' })}
        confirmLabel={t('leads.distribution.removeAgent')}
        isPending={remove.isPending}
        onConfirm={onRemove}
        onClose={() => setRemoving(null)}
      />
    </section>
  );
}
