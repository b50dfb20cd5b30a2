export { recordRoutes } from './records.routes.tsx';
export { useObjectTypes, useSearch } from './records.api.ts';
export { localized } from './record-fields.ts';
export type { FieldMeta, ObjectTypeMeta, SearchHit } from './records.types.ts';
export { RecordFieldsForm, RecordFieldsView, RecordHistory } from './record-sections.component.tsx';
export { RecordCreateModal } from './record-create.modal.tsx';
export { registerRecordTabs } from './record-tabs.registry.ts';
export type { RecordTab, RecordTabProps } from './record-tabs.registry.ts';
