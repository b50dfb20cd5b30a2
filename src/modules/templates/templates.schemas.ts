import { z } from 'zod';

export const TEMPLATE_CHANNELS = ['email', 'sms', 'telegram'] as const;
export const TEMPLATE_PURPOSES = ['marketing', 'service', 'transactional'] as const;
export const TEMPLATE_LOCALES = ['ru', 'en'] as const;
export type Channel = (typeof TEMPLATE_CHANNELS)[number];
export type Purpose = (typeof TEMPLATE_PURPOSES)[number];

const BODY_LIMIT = 200_000;

const templateFields = {
  name: z.string().trim().min(1).max(200),
  channel: z.enum(TEMPLATE_CHANNELS),
  purpose: z.enum(TEMPLATE_PURPOSES),
  locale: z.enum(TEMPLATE_LOCALES).describe('The language the template is written in; formatting follows the recipient’s language when known'),
  subject: z.string().max(1000).nullable().optional().describe('Liquid; email only (required there), null for SMS and Telegram'),
  body: z.string().min(1).max(BODY_LIMIT).describe('Email: MJML with Liquid inside. SMS and Telegram: Liquid text'),
};

export const templateInputSchema = z.strictObject(templateFields);
export const templateUpdateSchema = z.strictObject(templateFields).partial();
export type TemplateInput = z.infer<typeof templateInputSchema>;
export type TemplateUpdate = z.infer<typeof templateUpdateSchema>;

/** A draft to check or preview: what the editor holds, saved or not. */
export const templateDraftSchema = z.strictObject({
  channel: templateFields.channel,
  locale: templateFields.locale.optional(),
  subject: templateFields.subject,
  body: templateFields.body,
});
export type TemplateDraft = z.infer<typeof templateDraftSchema>;

export const templateSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  channel: z.enum(TEMPLATE_CHANNELS),
  purpose: z.enum(TEMPLATE_PURPOSES),
  locale: z.enum(TEMPLATE_LOCALES),
  subject: z.string().nullable(),
  body: z.string(),
  created_at: z.string(),
  updated_at: z.string(),
});

export const renderedSchema = z.object({
  channel: z.enum(TEMPLATE_CHANNELS),
  subject: z.string().optional(),
  html: z.string().optional(),
  text: z.string(),
});

export const previewBodySchema = z.strictObject({
  person_id: z.uuid().nullable().optional().describe('Render as this person; without one, a sample person'),
});
export const draftPreviewBodySchema = z.strictObject({
  person_id: z.uuid().nullable().optional(),
  template: templateDraftSchema,
});
export const testSendBodySchema = previewBodySchema;
