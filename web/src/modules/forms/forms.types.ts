import type { Channel, Purpose } from '../consent/index.ts';
import type { LocalisedText } from '../records/index.ts';

/** Where a field's value goes: the person and the lead (or request) take what they have. */
export const FIELD_TARGETS = ['first_name', 'last_name', 'middle_name', 'email', 'phone', 'company_name', 'city', 'product_interest', 'message'] as const;
export type FieldTarget = (typeof FIELD_TARGETS)[number];

/** A submission creates a lead, or an incoming request on the person. */
export type FormTarget = 'lead' | 'request';

export interface WebFormField {
  target: FieldTarget;
  label: LocalisedText;
  is_required: boolean;
}

export interface WebFormConsent {
  text: LocalisedText;
  /** Recorded with each consent as proof of which text the visitor saw. */
  version: string;
  is_required: boolean;
  channels: Channel[];
  purposes: Purpose[];
  is_double_opt_in: boolean;
}

export interface WebFormInput {
  name: string;
  target: FormTarget;
  title: LocalisedText;
  /** null: none. */
  description: LocalisedText | null;
  fields: WebFormField[];
  consent: WebFormConsent | null;
  success_message: LocalisedText;
  is_active: boolean;
}

export interface WebForm extends WebFormInput {
  id: string;
  hosted_url: string;
  /** The script tag a site pastes where the form should appear. */
  embed_snippet: string;
  created_at: string;
  updated_at: string;
}

export interface WebFormListItem extends WebForm {
  submissions: number;
}
