import { useState, type FormEvent } from 'react';
import { Button, Checkbox, Group, Modal, SimpleGrid, Stack, TagsInput, TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../../api/http.client.ts';
import { notifySuccess } from '../../../api/query.client.ts';
import { describePipelineError, useCreatePipeline, useUpdatePipeline, type Pipeline, type PipelineInput } from '../../deals/index.ts';
import { checkStages, pipelineFieldErrors, stageDrafts, type StageDraft } from './pipeline-draft.ts';
import { PipelineStagesEditor } from './pipeline-stages.component.tsx';

/** The server's bounds for a pipeline's name and its reasons. */
const MAX_NAME_LENGTH = 100;
const MAX_REASONS = 50;

interface PipelineEditModalProps {
  /** Absent: a new pipeline. Given: edit it. */
  pipeline?: Pipeline;
  /** A new pipeline starts with these stages (the default pipeline's), to be changed before saving. */
  template: Pipeline['stages'];
  onClose: () => void;
}

export function PipelineEditModal({ pipeline, template, onClose }: PipelineEditModalProps) {
  const { t } = useTranslation();
  const create = useCreatePipeline();
  const update = useUpdatePipeline();
  const [name, setName] = useState(pipeline?.name ?? '');
  const [isDefault, setDefault] = useState(false);
  const [stages, setStages] = useState<StageDraft[]>(() => (pipeline ? stageDrafts(pipeline.stages) : stageDrafts(template, { isCopied: true })));
  const [wonReasons, setWonReasons] = useState(pipeline?.won_reasons ?? []);
  const [lostReasons, setLostReasons] = useState(pipeline?.lost_reasons ?? []);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const isNew = pipeline === undefined;

  const onStages = (next: StageDraft[]) => {
    setStages(next);
    // Row errors are keyed by position, which a move or removal shifts.
    setErrors((current) => Object.fromEntries(Object.entries(current).filter(([field]) => !field.startsWith('stages'))));
  };

  const onError = (error: unknown) => {
    if (!isApiError(error)) return;
    const found = pipelineFieldErrors(error.fieldErrors());
    // A stage still holding deals: say so in the reader's language, with the server's count.
    if (error.problem.code === 'STAGE_IN_USE') {
      const { title, detail } = describePipelineError(error);
      found.stages = detail ? `${title} (${detail})` : title;
    }
    setErrors(found);
  };

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    const found: Record<string, string> = {};
    if (!name.trim()) found.name = t('form.required');
    const checked = checkStages(stages);
    if ('problems' in checked) {
      for (const [field, problem] of Object.entries(checked.problems)) found[field] = problem === 'required' ? t('form.required') : t(`pipelines.${problem}`);
    }
    setErrors(found);
    if (Object.keys(found).length > 0 || !('stages' in checked)) return;

    const input: PipelineInput = { name: name.trim(), won_reasons: wonReasons, lost_reasons: lostReasons, stages: checked.stages };
    const callbacks = {
      onSuccess: () => {
        notifySuccess(t(isNew ? 'pipelines.created' : 'pipelines.saved', { name: input.name }));
        onClose();
      },
      onError,
    };
    if (pipeline) update.mutate({ id: pipeline.id, ...input }, callbacks);
    else create.mutate({ ...input, is_default: isDefault }, callbacks);
  };

  return (
    <Modal opened onClose={onClose} title={isNew ? t('pipelines.addTitle') : t('pipelines.editTitle')} size="xl">
      <form onSubmit={onSubmit} noValidate>
        <Stack>
          <TextInput
            label={t('pipelines.name')}
            required
            maxLength={MAX_NAME_LENGTH}
            value={name}
            error={errors.name}
            onChange={(event) => setName(event.currentTarget.value)}
            data-autofocus
          />
          {isNew && (
            <Checkbox
              label={t('pipelines.makeDefault')}
              description={t('pipelines.defaultHint')}
              checked={isDefault}
              onChange={(event) => setDefault(event.currentTarget.checked)}
            />
          )}
          <PipelineStagesEditor stages={stages} errors={errors} onChange={onStages} />
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <TagsInput
              label={t('pipelines.wonReasons')}
              description={t('pipelines.reasonsHint')}
              placeholder={t('pipelines.reasonPlaceholder')}
              maxTags={MAX_REASONS}
              value={wonReasons}
              error={errors.won_reasons}
              onChange={setWonReasons}
              withPillsReorder
              clearable
            />
            <TagsInput
              label={t('pipelines.lostReasons')}
              description={t('pipelines.reasonsHint')}
              placeholder={t('pipelines.reasonPlaceholder')}
              maxTags={MAX_REASONS}
              value={lostReasons}
              error={errors.lost_reasons}
              onChange={setLostReasons}
              withPillsReorder
              clearable
            />
          </SimpleGrid>
        </Stack>
        <Group justify="flex-end" mt="xl">
          <Button variant="default" onClick={onClose}>{t('common.cancel')}</Button>
          <Button type="submit" loading={create.isPending || update.isPending}>{isNew ? t('pipelines.add') : t('common.save')}</Button>
        </Group>
      </form>
    </Modal>
  );
}
