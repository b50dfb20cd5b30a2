export type TemplateChannel = 'email' | 'sms' | 'telegram';
export type TemplatePurpose = 'marketing' | 'service' | 'transactional';
export type TemplateLocale = 'ru' | 'en';

export const TEMPLATE_CHANNELS: TemplateChannel[] = ['email', 'sms', 'telegram'];
export const TEMPLATE_PURPOSES: TemplatePurpose[] = ['marketing', 'service', 'transactional'];
export const TEMPLATE_LOCALES: TemplateLocale[] = ['ru', 'en'];

export interface TemplateInput {
  name: string;
  channel: TemplateChannel;
  purpose: TemplatePurpose;
  locale: TemplateLocale;
  subject: string | null;
  body: string;
}

export interface MessageTemplate extends TemplateInput {
  id: string;
  created_at: string;
  updated_at: string;
}

export interface RenderedMessage {
  channel: TemplateChannel;
  subject?: string;
  html?: string;
  text: string;
}
