import { useState, type FormEvent } from 'react';
import { Button, Group, Modal, Select, Text, TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { localized } from '../records/index.ts';
import type { BoardDeal, BoardStage } from './deals.types.ts';

/** The server’s limit for a text field (close_reason is one). */
const MAX_REASON_LENGTH = 300;

interface DealCloseModalProps {
  deal: BoardDeal;
  /** The won or lost stage the deal is moving to. */
  stage: BoardStage;
  /** The pipeline's reasons for this outcome; empty lets the reason be typed freely. */
  reasons: string[];
  onConfirm: (closeReason: string | undefined) => void;
  onClose: () => void;
}

/** Asks why a deal was won or lost before it moves; closing the modal leaves the deal where it was. */
export function DealCloseModal({ deal, stage, reasons, onConfirm, onClose }: DealCloseModalProps) {
  const { t, i18n } = useTranslation();
  const [reason, setReason] = useState<string | null>(null);
  const isWon = stage.outcome === 'won';

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    onConfirm(reason?.trim() || undefined);
  };

  return (
    <Modal opened onClose={onClose} title={t(isWon ? 'pipelines.closeWonTitle' : 'pipelines.closeLostTitle')} centered>
      <form onSubmit={onSubmit} noValidate>
        <Text size="sm" mb="md">{t('pipelines.closeText', { title: deal.title, stage: localized(stage.label, i18n.language) })}</Text>
        {reasons.length > 0 ? (
          <Select
            label={t(isWon ? 'pipelines.wonReason' : 'pipelines.lostReason')}
            placeholder={t('common.choose')}
            data={reasons}
            value={reason}
            onChange={setReason}
            clearable
            comboboxProps={{ withinPortal: true }}
            data-autofocus
          />
        ) : (
          <TextInput
            label={t(isWon ? 'pipelines.wonReason' : 'pipelines.lostReason')}
            description={t('pipelines.reasonOptional')}
            maxLength={MAX_REASON_LENGTH}
            value={reason ?? ''}
            onChange={(event) => setReason(event.currentTarget.value)}
            data-autofocus
          />
        )}
        <Group justify="flex-end" mt="xl">
          <Button variant="default" onClick={onClose}>{t('common.cancel')}</Button>
          <Button type="submit" color={isWon ? 'teal' : 'red'} data-testid="deal-close-confirm">
            {t(isWon ? 'pipelines.closeWon' : 'pipelines.closeLost')}
          </Button>
        </Group>
      </form>
    </Modal>
  );
}
