export { AuditTable } from './audit-table.component.tsx';
export { useAuditLog, type AuditFilters } from './audit.api.ts';
export type { AuditChange, AuditEntry } from './audit.types.ts';
