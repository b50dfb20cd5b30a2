import type { ColumnType, Generated } from 'kysely';

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;

export interface Exchange1cCredentialTable {
  workspace_id: string;
  login: string;
  password_hash: string;
  created_by: string | null;
  created_at: Timestamp;
}

export interface Exchange1cSessionTable {
  workspace_id: string;
  id: string;
  token_hash: string;
  created_at: Timestamp;
  expires_at: Timestamp;
}

export interface Exchange1cFileTable {
  workspace_id: string;
  session_id: string;
  filename: string;
  content: Buffer;
  parts: Generated<number>;
  updated_at: Timestamp;
}

export interface Exchange1cStateTable {
  workspace_id: string;
  delivered_at: Timestamp | null;
  delivered_id: string | null;
  pending_at: Timestamp | null;
  pending_id: string | null;
  pending_count: Generated<number>;
}

export interface Exchange1cLogTable {
  workspace_id: string;
  id: string;
  occurred_at: Timestamp;
  type: string;
  mode: string;
  filename: string | null;
  result: 'success' | 'failure' | 'progress';
  message: string | null;
  counts: ColumnType<Record<string, number>, string, string>;
}

declare module '../../platform/db/database.ts' {
  interface Database {
    exchange_1c_credential: Exchange1cCredentialTable;
    exchange_1c_session: Exchange1cSessionTable;
    exchange_1c_file: Exchange1cFileTable;
    exchange_1c_state: Exchange1cStateTable;
    exchange_1c_log: Exchange1cLogTable;
  }
}
