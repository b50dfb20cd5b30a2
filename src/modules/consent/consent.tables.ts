import type { ColumnType, Generated } from 'kysely';

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;

export interface ConsentEntryTable {
  workspace_id: string;
  id: string;
  person_id: string;
  channel: string;
  purpose: string;
  status: string;
  source: string;
  occurred_at: Timestamp;
  recorded_at: Generated<Date>;
  text_version: string | null;
  consent_text: string | null;
  ip: string | null;
  user_agent: string | null;
  operator_id: string | null;
  confirms_entry_id: string | null;
}

/** Written only by the ledger's insert trigger. */
export interface ConsentStateTable {
  workspace_id: string;
  person_id: string;
  channel: string;
  purpose: string;
  status: string;
  entry_id: string;
  occurred_at: Date;
}

export interface ConsentLinkKeyTable {
  workspace_id: string;
  secret: string;
}

export interface ConsentMailSentTable {
  workspace_id: string;
  entry_id: string;
  message_id: string;
  sent_at: Generated<Date>;
}

declare module '../../platform/db/database.ts' {
  interface Database {
    consent_entry: ConsentEntryTable;
    consent_state: ConsentStateTable;
    consent_link_key: ConsentLinkKeyTable;
    consent_mail_sent: ConsentMailSentTable;
  }
}
