import { useTranslation } from 'react-i18next';
import { RecordCreateModal } from '../records/index.ts';
import type { FieldMeta, ObjectTypeMeta } from '../records/records.types.ts';
import { isFormField } from './lead-fields.ts';

const formFields = (fields: FieldMeta[]) => fields.filter(isFormField);

/** Mounted only while open. A new lead has no owner to pick: distribution assigns one. */
export function LeadCreateModal({ objectType, onClose }: { objectType: ObjectTypeMeta; onClose: () => void }) {
  const { t } = useTranslation();
  return (
    <RecordCreateModal
      objectType={objectType}
      onClose={onClose}
      selectFields={formFields}
      title={t('leads.newTitle')}
      hint={t('leads.newHint')}
      createdMessage={t('leads.created')}
    />
  );
}
