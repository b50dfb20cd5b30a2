import path from 'node:path';
import type { RapportModule } from '../../platform/module.ts';
import { seedTemplates } from './templates.demo.ts';
import { registerTemplateRoutes } from './templates.routes.ts';
import './templates.tables.ts';

export { registerRecommendationSource, type Recommendation, type RecommendationSource } from './template-context.ts';
export type { RenderedMessage, TemplateSource } from './template-engine.ts';
export { TEMPLATE_CHANNELS, TEMPLATE_PURPOSES, type Channel as TemplateChannel, type Purpose as TemplatePurpose } from './templates.schemas.ts';
export { compileTemplate, createTemplate, getTemplate, renderTemplate, TemplateErrors, validateTemplate, type MessageTemplate } from './templates.service.ts';
// The ready-made templates, for modules that ship ready-made flows using them (journeys).
export { DEMO_TEMPLATES } from './templates.demo.ts';

/**
 * Message templates: Liquid with person, company, order, cart and workspace variables, formatting
 * filters for the recipient's locale, Russian plurals and typography, and MJML email with a
 * plain-text part. A template that does not render is refused when saved, never at send time.
 */
export const templatesModule: RapportModule = {
  name: 'templates',
  migrationsDir: path.resolve(import.meta.dirname, 'migrations'),
  routes: registerTemplateRoutes,
  seedDemo: seedTemplates,
};
