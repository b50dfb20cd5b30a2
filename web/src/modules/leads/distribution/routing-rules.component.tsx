import { useRef, useState } from 'react';
import { ActionIcon, Button, Group, Select, Switch, Table, Text, TextInput, Title } from '@mantine/core';
import { IconArrowDown, IconArrowUp, IconPlus, IconRoute, IconTrash } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../../api/http.client.ts';
import { notifySuccess } from '../../../api/query.client.ts';
import { EmptyPlaceholder } from '../../../shell/empty-placeholder.component.tsx';
import { optionLabel } from '../../records/record-fields.ts';
import { useObjectType } from '../../records/records.api.ts';
import { SettingsTableCard } from '../../settings/settings-table-card.component.tsx';
import { useSaveRoutingRules } from '../leads.api.ts';
import type { RoutingRule, RoutingRuleInput } from '../leads.types.ts';
import { useTeamOptions } from './team-options.hooks.ts';

/** A rule being edited: conditions as typed (blank is "any"), keyed for React while rows move. */
interface DraftRule {
  key: string;
  name: string;
  channel: string | null;
  source: string;
  region: string;
  product_interest: string;
  team_id: string | null;
  is_active: boolean;
}

const TEXT_CONDITIONS = [
  { name: 'source', label: 'leads.distribution.source' },
  { name: 'region', label: 'leads.distribution.region' },
  { name: 'product_interest', label: 'leads.distribution.product' },
] as const;

const toDraft = (rule: RoutingRule): DraftRule => ({
  key: rule.id,
  name: rule.name,
  channel: rule.channel,
  source: rule.source ?? '',
  region: rule.region ?? '',
  product_interest: rule.product_interest ?? '',
  team_id: rule.team_id,
  is_active: rule.is_active,
});

const blankToNull = (text: string) => (text.trim() === '' ? null : text.trim());

const toInput = (draft: DraftRule): RoutingRuleInput => ({
  name: draft.name.trim(),
  channel: draft.channel,
  source: blankToNull(draft.source),
  region: blankToNull(draft.region),
  product_interest: blankToNull(draft.product_interest),
  team_id: draft.team_id ?? '',
  is_active: draft.is_active,
});

/** The server names a rule's field by its position, "rules.0.team_id"; the editor keys errors as "0.team_id". */
function ruleErrors(fieldErrors: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(fieldErrors).map(([field, message]) => [field.replace(/^rules\./, ''), message]));
}

function move<T>(items: T[], from: number, to: number): T[] {
  const next = [...items];
  const [item] = next.splice(from, 1);
  next.splice(to, 0, item);
  return next;
}

interface RoutingRulesProps {
  rules: RoutingRule[];
  canEdit: boolean;
}

/** The ordered rules, edited as a whole: Save replaces them all. Keyed by the saved rules. */
export function RoutingRules({ rules, canEdit }: RoutingRulesProps) {
  const { t, i18n } = useTranslation();
  const save = useSaveRoutingRules();
  const { objectType } = useObjectType('leads');
  const channelField = objectType?.fields.find((field) => field.name === 'channel');
  const [drafts, setDrafts] = useState<DraftRule[]>(() => rules.map(toDraft));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const newKeys = useRef(0);
  const teamOptions = useTeamOptions();
  const channelOptions = (channelField?.options ?? []).map((value) => ({ value, label: channelField ? optionLabel(channelField, value, i18n.language) : value }));

  const isDirty = JSON.stringify(drafts.map(toInput)) !== JSON.stringify(rules.map((rule) => toInput(toDraft(rule))));
  const update = (index: number, patch: Partial<DraftRule>) => {
    setDrafts((current) => current.map((draft, position) => (position === index ? { ...draft, ...patch } : draft)));
    setErrors({});
  };
  const add = () => {
    newKeys.current += 1;
    setDrafts((current) => [
      ...current,
      { key: `new-${newKeys.current}`, name: '', channel: null, source: '', region: '', product_interest: '', team_id: null, is_active: true },
    ]);
  };

  const onSave = () => {
    const missing: Record<string, string> = {};
    drafts.forEach((draft, index) => {
      if (!draft.name.trim()) missing[`${index}.name`] = t('form.required');
      if (!draft.team_id) missing[`${index}.team_id`] = t('form.required');
    });
    setErrors(missing);
    if (Object.keys(missing).length > 0) return;
    save.mutate(drafts.map(toInput), {
      onSuccess: () => notifySuccess(t('leads.distribution.rulesSaved')),
      onError: (error) => isApiError(error) && setErrors(ruleErrors(error.fieldErrors())),
    });
  };

  return (
    <section>
      <Group justify="space-between" align="flex-end" mb="sm">
        <div>
          <Title order={4}>{t('leads.distribution.rulesTitle')}</Title>
          <Text size="sm" c="dimmed">{t('leads.distribution.rulesText')}</Text>
        </div>
        {canEdit && (
          <Group gap="xs">
            <Button variant="default" leftSection={<IconPlus size={16} />} onClick={add}>{t('leads.distribution.addRule')}</Button>
            <Button variant="default" disabled={!isDirty || save.isPending} onClick={() => { setDrafts(rules.map(toDraft)); setErrors({}); }}>
              {t('common.reset')}
            </Button>
            <Button disabled={!isDirty} loading={save.isPending} onClick={onSave}>{t('common.save')}</Button>
          </Group>
        )}
      </Group>
      <SettingsTableCard
        isPending={false}
        isEmpty={drafts.length === 0}
        minWidth={1040}
        empty={<EmptyPlaceholder icon={<IconRoute size={28} />} title={t('leads.distribution.noRules')} description={t('leads.distribution.noRulesText')} />}
      >
        <Table.Thead>
          <Table.Tr>
            <Table.Th w={80}>{t('leads.distribution.order')}</Table.Th>
            <Table.Th miw={170}>{t('leads.distribution.ruleName')}</Table.Th>
            <Table.Th miw={140}>{t('leads.columns.channel')}</Table.Th>
            {TEXT_CONDITIONS.map(({ name, label }) => <Table.Th key={name} miw={110}>{t(label)}</Table.Th>)}
            <Table.Th miw={160}>{t('leads.distribution.team')}</Table.Th>
            <Table.Th w={80}>{t('leads.distribution.active')}</Table.Th>
            <Table.Th w={50} />
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {drafts.map((draft, index) => (
            <Table.Tr key={draft.key} data-testid="routing-rule">
              <Table.Td>
                <Group gap={2} wrap="nowrap">
                  <Text size="sm" c="dimmed" w={18}>{index + 1}</Text>
                  {canEdit && (
                    <>
                      <ActionIcon variant="subtle" color="gray" size="sm" aria-label={t('leads.distribution.moveUp')} disabled={index === 0}
                        onClick={() => setDrafts((current) => move(current, index, index - 1))}>
                        <IconArrowUp size={14} />
                      </ActionIcon>
                      <ActionIcon variant="subtle" color="gray" size="sm" aria-label={t('leads.distribution.moveDown')} disabled={index === drafts.length - 1}
                        onClick={() => setDrafts((current) => move(current, index, index + 1))}>
                        <IconArrowDown size={14} />
                      </ActionIcon>
                    </>
                  )}
                </Group>
              </Table.Td>
              <Table.Td>
                <TextInput size="xs" aria-label={t('leads.distribution.ruleName')} value={draft.name} readOnly={!canEdit}
                  error={errors[`${index}.name`]} onChange={(event) => update(index, { name: event.currentTarget.value })} />
              </Table.Td>
              <Table.Td>
                <Select size="xs" aria-label={t('leads.columns.channel')} placeholder={t('leads.distribution.any')} data={channelOptions}
                  value={draft.channel} readOnly={!canEdit} clearable={canEdit} error={errors[`${index}.channel`]}
                  onChange={(channel) => update(index, { channel })} comboboxProps={{ withinPortal: true }} />
              </Table.Td>
              {TEXT_CONDITIONS.map(({ name, label }) => (
                <Table.Td key={name}>
                  <TextInput size="xs" aria-label={t(label)}
                    placeholder={t('leads.distribution.any')} value={draft[name]} readOnly={!canEdit} error={errors[`${index}.${name}`]}
                    onChange={(event) => update(index, { [name]: event.currentTarget.value })} />
                </Table.Td>
              ))}
              <Table.Td>
                <Select size="xs" aria-label={t('leads.distribution.team')} placeholder={t('common.choose')} data={teamOptions}
                  value={draft.team_id} readOnly={!canEdit} error={errors[`${index}.team_id`]}
                  onChange={(teamId) => update(index, { team_id: teamId })} comboboxProps={{ withinPortal: true }} />
              </Table.Td>
              <Table.Td>
                <Switch aria-label={t('leads.distribution.active')} checked={draft.is_active} readOnly={!canEdit}
                  onChange={(event) => update(index, { is_active: event.currentTarget.checked })} />
              </Table.Td>
              <Table.Td>
                {canEdit && (
                  <ActionIcon variant="subtle" color="red" aria-label={t('leads.distribution.removeRule')}
                    onClick={() => setDrafts((current) => current.filter((_, position) => position !== index))}>
                    <IconTrash size={16} />
                  </ActionIcon>
                )}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </SettingsTableCard>
    </section>
  );
}
