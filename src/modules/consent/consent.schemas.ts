import { z } from 'zod';

export const CHANNELS = ['email', 'sms', 'phone', 'messenger', 'push'] as const;
export const PURPOSES = ['marketing', 'service', 'analytics', 'personal_data_processing'] as const;
export const STATUSES = ['granted', 'withdrawn', 'pending'] as const;
/** email_link: the person themself, through a signed link we mailed them (confirmation, unsubscribe, preferences). */
export const SOURCES = ['form', 'import', 'operator', 'api', 'email_link'] as const;

export const channelSchema = z.enum(CHANNELS);
export const purposeSchema = z.enum(PURPOSES);
export type Channel = z.infer<typeof channelSchema>;
export type Purpose = z.infer<typeof purposeSchema>;
export type ConsentStatus = (typeof STATUSES)[number];
export type ConsentSource = (typeof SOURCES)[number];

export const consentProofSchema = z.strictObject({
  text_version: z.string().trim().min(1).max(200).optional().describe('Id or version of the consent text or form the person agreed to'),
  text: z.string().trim().min(1).max(10_000).optional().describe('The consent text itself, when there is no versioned one'),
  ip: z.union([z.ipv4(), z.ipv6()]).optional().describe('Address the person acted from (forms, API clients relaying them)'),
  user_agent: z.string().trim().min(1).max(1000).optional(),
});

/** What an operator or an API client records: a grant or a withdrawal, with its evidence. */
export const recordConsentSchema = z.strictObject({
  channel: channelSchema,
  purpose: purposeSchema,
  status: z.enum(['granted', 'withdrawn']),
  source: z.enum(['form', 'import', 'operator', 'api']).optional()
    .describe('Where the consent came from; defaults to operator for a signed-in member and api for an API key'),
  occurred_at: z.iso.datetime({ offset: true }).optional().describe('When the person gave or withdrew it; defaults to now, never in the future'),
  double_opt_in: z.boolean().optional()
    .describe('Email grants only: record pending and mail the person a confirmation link; the grant counts once they follow it'),
  proof: consentProofSchema.optional(),
});
export type RecordConsentInput = z.infer<typeof recordConsentSchema>;

export const consentEntrySchema = z.object({
  id: z.uuid(),
  person_id: z.uuid(),
  channel: channelSchema,
  purpose: purposeSchema,
  status: z.enum(STATUSES),
  source: z.enum(SOURCES),
  occurred_at: z.string(),
  recorded_at: z.string(),
  proof: z.object({
    text_version: z.string().nullable(),
    text: z.string().nullable(),
    ip: z.string().nullable(),
    user_agent: z.string().nullable(),
    operator_id: z.uuid().nullable(),
    confirms_entry_id: z.uuid().nullable(),
  }),
});
export type ConsentEntry = z.infer<typeof consentEntrySchema>;

export const consentStateSchema = z.object({
  channel: channelSchema,
  purpose: purposeSchema,
  status: z.enum(STATUSES),
  entry_id: z.uuid(),
  occurred_at: z.string(),
});

export const personConsentsSchema = z.object({
  current: z.array(consentStateSchema).describe('The latest entry per channel × purpose that has any'),
  data: z.array(consentEntrySchema).describe('The ledger, newest first'),
  next_cursor: z.string().nullable(),
});

/** The form the preference page posts: one field per channel × purpose, e.g. email.marketing=granted. */
export const preferenceFormSchema = z.record(z.string().max(64), z.union([z.string(), z.array(z.string())]));
