import type { LocalisedText } from '../records/index.ts';
import { FIELD_TARGETS, type FieldTarget, type FormTarget, type WebForm, type WebFormConsent, type WebFormInput } from './forms.types.ts';

/** The server's bound on a form's fields; each target appears once, so the targets bound it first. */
const MAX_FIELDS = 20;

/** A field being edited, keyed for React while rows move. */
export interface FieldDraft {
  rowKey: number;
  target: FieldTarget;
  label: LocalisedText;
  is_required: boolean;
}

export interface FormDraft {
  name: string;
  target: FormTarget;
  title: LocalisedText;
  description: LocalisedText;
  success_message: LocalisedText;
  fields: FieldDraft[];
  /** Off: the form asks for no consent; the consent's settings stay as typed in case it is turned on again. */
  hasConsent: boolean;
  consent: WebFormConsent;
  is_active: boolean;
}

export type FormProblem = 'required' | 'needsContact' | 'chooseOne';

// A field's label in each language, whatever language the interface is in: the visitor sees these.
export const DEFAULT_LABELS: Record<FieldTarget, LocalisedText> = {
  first_name: { ru: 'Имя', en: 'First name' },
  last_name: { ru: 'Фамилия', en: 'Last name' },
  middle_name: { ru: 'Отчество', en: 'Middle name' },
  email: { ru: 'Email', en: 'Email' },
  phone: { ru: 'Телефон', en: 'Phone' },
  company_name: { ru: 'Компания', en: 'Company' },
  city: { ru: 'Город', en: 'City' },
  product_interest: { ru: 'Что вас интересует', en: 'What are you interested in' },
  message: { ru: 'Сообщение', en: 'Message' },
};

const EMPTY_TEXT: LocalisedText = { ru: '', en: '' };

let lastRowKey = 0;

const fieldDraft = (target: FieldTarget, is_required: boolean, label = DEFAULT_LABELS[target]): FieldDraft =>
  ({ rowKey: ++lastRowKey, target, label: { ...label }, is_required });

const defaultConsent = (): WebFormConsent => ({
  text: { ru: 'Я согласен на обработку моих персональных данных', en: 'I agree to the processing of my personal data' },
  version: '',
  is_required: true,
  channels: ['email'],
  purposes: ['marketing', 'personal_data_processing'],
  is_double_opt_in: false,
});

/** A saved form as the editor holds it, or a new form with the usual fields. */
export function formDraft(form?: WebForm): FormDraft {
  if (!form) {
    return {
      name: '',
      target: 'lead',
      title: { ru: 'Оставьте заявку', en: 'Leave a request' },
      description: { ...EMPTY_TEXT },
      success_message: { ru: 'Спасибо! Мы скоро с вами свяжемся.', en: 'Thank you! We will be in touch soon.' },
      fields: [fieldDraft('first_name', true), fieldDraft('phone', true), fieldDraft('email', false)],
      hasConsent: true,
      consent: defaultConsent(),
      is_active: true,
    };
  }
  return {
    name: form.name,
    target: form.target,
    title: { ...form.title },
    description: form.description ? { ...form.description } : { ...EMPTY_TEXT },
    success_message: { ...form.success_message },
    fields: form.fields.map((field) => fieldDraft(field.target, field.is_required, field.label)),
    hasConsent: form.consent !== null,
    consent: form.consent ? { ...form.consent, text: { ...form.consent.text } } : defaultConsent(),
    is_active: form.is_active,
  };
}

/** The targets still free for a row: its own and those no other row takes. */
export const freeTargets = (fields: FieldDraft[], own?: FieldTarget): FieldTarget[] =>
  FIELD_TARGETS.filter((target) => target === own || !fields.some((field) => field.target === target));

export const canAddField = (fields: FieldDraft[]) => fields.length < MAX_FIELDS && freeTargets(fields).length > 0;

export function addField(fields: FieldDraft[]): FieldDraft[] {
  const [target] = freeTargets(fields);
  return target ? [...fields, fieldDraft(target, false)] : fields;
}

export function moveField(fields: FieldDraft[], from: number, to: number): FieldDraft[] {
  const next = [...fields];
  const [field] = next.splice(from, 1);
  next.splice(to, 0, field);
  return next;
}

/** A label left as the old target's default follows the new target; one typed by hand stays. */
export function withTarget(field: FieldDraft, target: FieldTarget): FieldDraft {
  const old = DEFAULT_LABELS[field.target];
  const isDefault = field.label.ru === old.ru && field.label.en === old.en;
  return { ...field, target, label: isDefault ? { ...DEFAULT_LABELS[target] } : field.label };
}

const isBlank = (text: LocalisedText) => !text.ru.trim() && !text.en.trim();

/** A text typed in one language only is used for the other too: the page never shows a blank. */
const filled = (text: LocalisedText): LocalisedText => ({ ru: text.ru.trim() || text.en.trim(), en: text.en.trim() || text.ru.trim() });

/**
 * The form to send, or what is wrong with it, keyed as the server names its fields
 * (`title`, `fields.<index>.label`, `consent.version`, …).
 */
export function checkForm(draft: FormDraft): { input: WebFormInput } | { problems: Record<string, FormProblem> } {
  const problems: Record<string, FormProblem> = {};
  if (!draft.name.trim()) problems.name = 'required';
  if (isBlank(draft.title)) problems.title = 'required';
  if (isBlank(draft.success_message)) problems.success_message = 'required';
  draft.fields.forEach((field, index) => {
    if (isBlank(field.label)) problems[`fields.${index}.label`] = 'required';
  });
  if (!draft.fields.some((field) => field.target === 'email' || field.target === 'phone')) problems.fields = 'needsContact';
  if (draft.hasConsent) {
    if (isBlank(draft.consent.text)) problems['consent.text'] = 'required';
    if (!draft.consent.version.trim()) problems['consent.version'] = 'required';
    if (draft.consent.channels.length === 0) problems['consent.channels'] = 'chooseOne';
    if (draft.consent.purposes.length === 0) problems['consent.purposes'] = 'chooseOne';
  }
  if (Object.keys(problems).length > 0) return { problems };
  return {
    input: {
      name: draft.name.trim(),
      target: draft.target,
      title: filled(draft.title),
      description: isBlank(draft.description) ? null : filled(draft.description),
      success_message: filled(draft.success_message),
      fields: draft.fields.map((field) => ({ target: field.target, label: filled(field.label), is_required: field.is_required })),
      consent: draft.hasConsent
        // Only an email can be confirmed by a link.
        ? { ...draft.consent, text: filled(draft.consent.text), version: draft.consent.version.trim(), is_double_opt_in: draft.consent.is_double_opt_in && draft.consent.channels.includes('email') }
        : null,
      is_active: draft.is_active,
    },
  };
}

/**
 * The server's field errors, keyed as the editor shows them: a text's language goes to the text,
 * a channel or purpose to its list.
 */
export function formFieldErrors(fieldErrors: Record<string, string>): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [field, message] of Object.entries(fieldErrors)) {
    const key = field
      .replace(/^(title|description|success_message|consent\.text|fields\.\d+\.label)\.(ru|en)$/, '$1')
      .replace(/^(consent\.(channels|purposes))\.\d+$/, '$1');
    result[key] ??= message;
  }
  return result;
}
