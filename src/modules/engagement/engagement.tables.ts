import type { ColumnType, Generated } from 'kysely';

type Timestamp = ColumnType<Date, Date | string, Date | string>;

export interface EngagementSettingsTable {
  workspace_id: string;
  tracking_enabled: boolean;
  attribution_window_days: number;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
}

export interface MessageLinkTable {
  workspace_id: string;
  message_id: string;
  position: number;
  url: string;
}

export interface MessageClickTable {
  workspace_id: string;
  id: string;
  message_id: string;
  position: number;
  url: string;
  user_agent_hash: string | null;
  clicked_at: Generated<Date>;
}

export interface MessageUnsubscribeTable {
  workspace_id: string;
  consent_entry_id: string;
  message_id: string;
  unsubscribed_at: Timestamp;
}

export interface MessageConversionTable {
  workspace_id: string;
  order_id: string;
  message_id: string;
  kind: 'click' | 'send';
  /** numeric: a string, so money never becomes a float. */
  revenue: string;
  currency: string;
  ordered_at: Timestamp;
  touched_at: Timestamp;
}

declare module '../../platform/db/database.ts' {
  interface Database {
    engagement_settings: EngagementSettingsTable;
    message_link: MessageLinkTable;
    message_click: MessageClickTable;
    message_unsubscribe: MessageUnsubscribeTable;
    message_conversion: MessageConversionTable;
  }
}
