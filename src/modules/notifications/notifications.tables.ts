import type { ColumnType } from 'kysely';

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;

export type NotificationKind = 'reminder_due' | 'assigned';

export interface NotificationTable {
  workspace_id: string;
  id: string;
  user_id: string;
  event_id: string;
  kind: NotificationKind;
  entity_type: string;
  entity_id: string;
  title: string | null;
  created_at: Timestamp;
  read_at: Timestamp | null;
}

declare module '../../platform/db/database.ts' {
  interface Database {
    notification: NotificationTable;
  }
}
