import { z } from 'zod';
import { CHANNELS, PURPOSES } from '../consent/index.ts';

const localised = (max: number) => z.strictObject({ ru: z.string().trim().min(1).max(max), en: z.string().trim().min(1).max(max) });

/** Where a form field's value goes: the person and the lead (or request) take what they have. */
export const FIELD_TARGETS = ['first_name', 'last_name', 'middle_name', 'email', 'phone', 'company_name', 'city', 'product_interest', 'message'] as const;
export type FieldTarget = (typeof FIELD_TARGETS)[number];

export const formFieldSchema = z.strictObject({
  target: z.enum(FIELD_TARGETS),
  label: localised(200),
  is_required: z.boolean().default(false),
});

// Without defaults, so a partial update leaves out what it doesn't name; creation adds them.
const formShape = {
  name: z.string().trim().min(1).max(200).describe('The form’s name inside the CRM; leads record it as their source'),
  target: z.enum(['lead', 'request']).describe('A submission creates a lead (distributed to agents) or an incoming request on the person'),
  title: localised(300),
  description: localised(2000).nullable().optional().describe('Shown under the title; null removes it'),
  fields: z.array(formFieldSchema).min(1).max(20)
    .refine((fields) => fields.some((f) => f.target === 'email' || f.target === 'phone'), 'A form needs an email or a phone field to know who wrote')
    .refine((fields) => new Set(fields.map((f) => f.target)).size === fields.length, 'Each target appears once'),
  consent: z.strictObject({
    text: localised(5000).describe('The exact text the visitor agrees to'),
    version: z.string().trim().min(1).max(40).describe('Recorded with each consent as proof of which text was shown'),
    is_required: z.boolean().default(true),
    channels: z.array(z.enum(CHANNELS)).min(1).default(['email']),
    purposes: z.array(z.enum(PURPOSES)).min(1).default(['marketing', 'personal_data_processing']),
    is_double_opt_in: z.boolean().default(false).describe('Email consent waits for the visitor to confirm by a link'),
  }).nullable(),
  success_message: localised(1000),
  is_active: z.boolean(),
};

export const formDefinitionSchema = z.strictObject({ ...formShape, consent: formShape.consent.default(null), is_active: formShape.is_active.default(true) });
export type FormDefinition = z.infer<typeof formDefinitionSchema>;

export const updateFormSchema = z.strictObject(formShape).partial();
