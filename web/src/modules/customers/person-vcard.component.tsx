import { Button } from '@mantine/core';
import { IconAddressBook } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import type { RecordTabProps } from '../records/index.ts';
import { personVcardUrl } from './customers-parts.api.ts';

/** Downloads the person as a vCard, for a phone's or a mail program's address book. */
export function PersonVcardAction({ record }: RecordTabProps) {
  const { t } = useTranslation();
  return (
    <Button component="a" href={personVcardUrl(record.id)} download variant="default" leftSection={<IconAddressBook size={16} />} title={t('personVcard.hint')}>
      {t('personVcard.download')}
    </Button>
  );
}
