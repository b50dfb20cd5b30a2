export interface AuditChange {
  before?: unknown;
  after?: unknown;
}

export interface AuditEntry {
  id: string;
  occurred_at: string;
  actor_type: string;
  actor_id: string | null;
  actor_name: string | null;
  entity_type: string;
  entity_id: string;
  action: string;
  changes: Record<string, AuditChange> | null;
  request_id: string | null;
}
