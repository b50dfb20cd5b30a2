import { ActionIcon, Button, Group, Input, NumberInput, Select, Stack, Table, Text, TextInput } from '@mantine/core';
import { IconArrowDown, IconArrowUp, IconPlus, IconTrash } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { isLocale } from '../../../i18n/i18n.setup.ts';
import type { DealOutcome } from '../../deals/index.ts';
import { addStage, MAX_ROTTING_DAYS, MAX_STAGES, moveStage, renameStage, withOutcome, type StageDraft } from './pipeline-draft.ts';

const OUTCOMES: DealOutcome[] = ['open', 'won', 'lost'];

interface PipelineStagesEditorProps {
  stages: StageDraft[];
  /** Keyed `stages` and `stages.<index>.<field>`. */
  errors: Record<string, string>;
  onChange: (stages: StageDraft[]) => void;
}

/** The ordered stages: each named in the reader's language and below in the other, with its outcome, probability and rotting time. */
export function PipelineStagesEditor({ stages, errors, onChange }: PipelineStagesEditorProps) {
  const { t, i18n } = useTranslation();
  const language = isLocale(i18n.language) ? i18n.language : 'en';
  const other = language === 'ru' ? 'en' : 'ru';
  const update = (index: number, next: StageDraft) => onChange(stages.map((draft, position) => (position === index ? next : draft)));

  return (
    <Input.Wrapper label={t('pipelines.stages')} description={t('pipelines.stagesHint')} error={errors.stages} required>
      <Table.ScrollContainer minWidth={680} mt="xs">
        <Table verticalSpacing={6} horizontalSpacing="xs">
          <Table.Thead>
            <Table.Tr>
              <Table.Th w={80}>{t('pipelines.order')}</Table.Th>
              <Table.Th>{t('pipelines.stageName')}</Table.Th>
              <Table.Th w={150}>{t('pipelines.outcome')}</Table.Th>
              <Table.Th w={110}>{t('pipelines.probability')}</Table.Th>
              <Table.Th w={130}>{t('pipelines.rottingDays')}</Table.Th>
              <Table.Th w={40} />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {stages.map((stage, index) => (
              <Table.Tr key={stage.rowKey} data-testid="pipeline-stage">
                <Table.Td>
                  <Group gap={2} wrap="nowrap">
                    <Text size="sm" c="dimmed" w={18}>{index + 1}</Text>
                    <ActionIcon variant="subtle" color="gray" size="sm" aria-label={t('pipelines.moveUp')} disabled={index === 0}
                      onClick={() => onChange(moveStage(stages, index, index - 1))}>
                      <IconArrowUp size={14} />
                    </ActionIcon>
                    <ActionIcon variant="subtle" color="gray" size="sm" aria-label={t('pipelines.moveDown')} disabled={index === stages.length - 1}
                      onClick={() => onChange(moveStage(stages, index, index + 1))}>
                      <IconArrowDown size={14} />
                    </ActionIcon>
                  </Group>
                </Table.Td>
                <Table.Td>
                  <Stack gap={4}>
                    <TextInput
                      size="xs"
                      aria-label={`${t('pipelines.stageName')} ${index + 1}`}
                      value={stage.label[language]}
                      // A stage named in one language only shows that name in both.
                      placeholder={stage.label[other]}
                      maxLength={100}
                      error={errors[`stages.${index}.label`]}
                      onChange={(event) => update(index, renameStage(stage, language, event.currentTarget.value))}
                    />
                    <TextInput
                      size="xs"
                      variant="filled"
                      aria-label={`${t('pipelines.stageNameOther')} ${index + 1}`}
                      title={t('pipelines.stageNameOther')}
                      value={stage.label[other]}
                      placeholder={stage.label[language]}
                      maxLength={100}
                      onChange={(event) => update(index, renameStage(stage, other, event.currentTarget.value))}
                    />
                  </Stack>
                </Table.Td>
                <Table.Td>
                  <Select
                    size="xs"
                    aria-label={`${t('pipelines.outcome')} ${index + 1}`}
                    data={OUTCOMES.map((outcome) => ({ value: outcome, label: t(`pipelines.outcomes.${outcome}`) }))}
                    value={stage.outcome}
                    error={errors[`stages.${index}.outcome`]}
                    onChange={(outcome) => outcome && update(index, withOutcome(stage, outcome as DealOutcome))}
                    allowDeselect={false}
                    comboboxProps={{ withinPortal: true }}
                  />
                </Table.Td>
                <Table.Td>
                  <NumberInput
                    size="xs"
                    aria-label={`${t('pipelines.probability')} ${index + 1}`}
                    min={0}
                    max={100}
                    allowNegative={false}
                    decimalScale={2}
                    suffix="%"
                    value={stage.probability}
                    error={errors[`stages.${index}.probability`]}
                    onChange={(probability) => update(index, { ...stage, probability })}
                  />
                </Table.Td>
                <Table.Td>
                  <NumberInput
                    size="xs"
                    aria-label={`${t('pipelines.rottingDays')} ${index + 1}`}
                    placeholder={t('pipelines.never')}
                    min={1}
                    max={MAX_ROTTING_DAYS}
                    allowDecimal={false}
                    allowNegative={false}
                    // Only open deals rot: a closed one waits for nothing.
                    disabled={stage.outcome !== 'open'}
                    value={stage.rotting_days}
                    error={errors[`stages.${index}.rotting_days`]}
                    onChange={(days) => update(index, { ...stage, rotting_days: days })}
                  />
                </Table.Td>
                <Table.Td>
                  <ActionIcon variant="subtle" color="red" aria-label={t('pipelines.removeStage')}
                    onClick={() => onChange(stages.filter((_, position) => position !== index))}>
                    <IconTrash size={16} />
                  </ActionIcon>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      <Button variant="subtle" size="xs" leftSection={<IconPlus size={14} />} disabled={stages.length >= MAX_STAGES} onClick={() => onChange(addStage(stages))}>
        {t('pipelines.addStage')}
      </Button>
    </Input.Wrapper>
  );
}
