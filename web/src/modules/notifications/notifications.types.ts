export type NotificationKind = 'reminder_due' | 'assigned';

export interface AppNotification {
  id: string;
  kind: NotificationKind;
  entity_type: string;
  entity_id: string;
  title: string | null;
  created_at: string;
  read_at: string | null;
  is_read: boolean;
}
