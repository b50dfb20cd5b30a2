export const CHANNELS = ['email', 'sms', 'phone', 'messenger', 'push'] as const;
export const PURPOSES = ['marketing', 'service', 'analytics', 'personal_data_processing'] as const;
export type Channel = (typeof CHANNELS)[number];
export type Purpose = (typeof PURPOSES)[number];
export type ConsentStatus = 'granted' | 'withdrawn' | 'pending';
export type ConsentSource = 'form' | 'import' | 'operator' | 'api' | 'email_link';

export interface ConsentState {
  channel: Channel;
  purpose: Purpose;
  status: ConsentStatus;
  entry_id: string;
  occurred_at: string;
}

export interface ConsentEntry {
  id: string;
  person_id: string;
  channel: Channel;
  purpose: Purpose;
  status: ConsentStatus;
  source: ConsentSource;
  occurred_at: string;
  recorded_at: string;
  proof: {
    text_version: string | null;
    text: string | null;
    ip: string | null;
    user_agent: string | null;
    operator_id: string | null;
    confirms_entry_id: string | null;
  };
}

export interface PersonConsents {
  current: ConsentState[];
  data: ConsentEntry[];
  next_cursor: string | null;
}

export interface RecordConsentInput {
  channel: Channel;
  purpose: Purpose;
  status: 'granted' | 'withdrawn';
  source?: 'form' | 'import' | 'operator';
  double_opt_in?: boolean;
  proof?: { text_version?: string; text?: string };
}
