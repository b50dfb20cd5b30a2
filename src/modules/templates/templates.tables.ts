import type { ColumnType } from 'kysely';

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;

export interface MessageTemplateTable {
  workspace_id: string;
  id: string;
  name: string;
  channel: 'email' | 'sms' | 'telegram';
  purpose: 'marketing' | 'service' | 'transactional';
  locale: 'ru' | 'en';
  subject: string | null;
  body: string;
  created_at: Timestamp;
  updated_at: Timestamp;
}

declare module '../../platform/db/database.ts' {
  interface Database {
    message_template: MessageTemplateTable;
  }
}
