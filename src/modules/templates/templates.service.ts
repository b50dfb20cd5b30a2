import { sql } from 'kysely';
import { authorize, authorizeConfiguration, authorizeRecord, hiddenFields } from '../../platform/auth/permissions.ts';
import { diffFields } from '../../platform/audit/audit.service.ts';
import { recordChange } from '../../platform/changes.ts';
import { inTransaction, type ServiceContext } from '../../platform/context.ts';
import type { Db } from '../../platform/db/database.ts';
import { defineErrors, PlatformErrors } from '../../platform/errors.ts';
import { newId } from '../../platform/ids.ts';
import type { Mailer } from '../../platform/mail/mailer.ts';
import { buildPersonContext, buildSampleContext, PERSON_FIELDS } from './template-context.ts';
import { compileSource, parseSource, renderSource, TemplateProblemError, type RenderedMessage, type TemplateSource } from './template-engine.ts';
import type { TemplateDraft, TemplateInput, TemplateUpdate } from './templates.schemas.ts';
import type { MessageTemplateTable } from './templates.tables.ts';

export const TemplateErrors = defineErrors({
  TEMPLATE_INVALID: { status: 422, title: 'The template does not render' },
  TEMPLATE_NAME_TAKEN: { status: 409, title: 'Another template has this name' },
  TEMPLATE_NO_RECIPIENT: { status: 422, title: 'Your account has no email address to send the test to' },
});

type TemplateRow = Pick<MessageTemplateTable, 'id' | 'name' | 'channel' | 'purpose' | 'locale' | 'subject' | 'body'> & { created_at: Date; updated_at: Date };
export type MessageTemplate = ReturnType<typeof present>;

const present = (row: TemplateRow) => ({
  id: row.id, name: row.name, channel: row.channel, purpose: row.purpose, locale: row.locale, subject: row.subject, body: row.body,
  created_at: new Date(row.created_at).toISOString(), updated_at: new Date(row.updated_at).toISOString(),
});
const AUDITED = ['name', 'channel', 'purpose', 'locale', 'subject', 'body'] as const;

// Templates are marketing configuration: managers and admins write them; whoever may read people reads them.
const authorizeWrite = (ctx: ServiceContext) => authorizeConfiguration(ctx.principal, 'message_template', 'message templates');
const authorizeRead = (ctx: ServiceContext) => authorize(ctx.principal, 'person', 'read');

const COLUMNS = ['id', 'name', 'channel', 'purpose', 'locale', 'subject', 'body', 'created_at', 'updated_at'] as const;

async function loadTemplate(db: Db, workspaceId: string, id: string): Promise<TemplateRow> {
  const row = await db.selectFrom('message_template').select(COLUMNS).where('workspace_id', '=', workspaceId).where('id', '=', id).executeTakeFirst();
  if (!row) throw PlatformErrors.NOT_FOUND();
  return row;
}

function invalid(error: TemplateProblemError) {
  const { field, message, line, column } = error.problem;
  const where = line ? ` (line ${line}${column ? `, column ${column}` : ''})` : '';
  return TemplateErrors.TEMPLATE_INVALID({
    field, detail: `${message}${where}`, errors: [{ field, code: 'TEMPLATE_INVALID', message: `${message}${where}` }],
  });
}

/** An email needs a subject; SMS and Telegram have none. */
function sourceOf(input: { channel: TemplateSource['channel']; subject?: string | null; body: string }): TemplateSource {
  if (input.channel === 'email' && !input.subject?.trim()) {
    throw PlatformErrors.VALIDATION_FAILED({ field: 'subject', detail: 'An email template needs a subject' });
  }
  return { channel: input.channel, subject: input.channel === 'email' ? input.subject!.trim() : null, body: input.body };
}

/**
 * Checks a template as saving does: Liquid syntax and filters (with line and column), then a render
 * against a sample person (a filter given wrong arguments), then MJML's strict validation of the
 * email it makes. Throws TEMPLATE_INVALID naming `subject` or `body`; returns the sample rendering.
 */
export async function validateTemplate(db: Db, workspaceId: string, input: TemplateDraft): Promise<RenderedMessage> {
  const source = sourceOf(input);
  try {
    parseSource(source);
    return await renderSource(source, await buildSampleContext(db, workspaceId, input.locale ?? null), { isStrict: true });
  } catch (error) {
    if (error instanceof TemplateProblemError) throw invalid(error);
    throw error;
  }
}

/**
 * Renders a stored template (or a template object) for one person: what the messaging module sends.
 * No permission check: the caller decided this person gets this message. `extraContext` adds
 * variables (an unsubscribe link, a coupon code) next to person, company, order, cart and workspace.
 */
export async function renderTemplate(
  db: Db, workspaceId: string, template: string | (TemplateSource & { locale?: string | null }), personId: string | null,
  extraContext: Record<string, unknown> = {},
  options: { hiddenPersonFields?: ReadonlySet<string>; isStrict?: boolean } = {},
): Promise<RenderedMessage> {
  const stored = typeof template === 'string' ? await loadTemplate(db, workspaceId, template) : template;
  const locale = stored.locale ?? null;
  const context = personId
    ? await buildPersonContext(db, workspaceId, personId, { templateLocale: locale, hiddenPersonFields: options.hiddenPersonFields })
    : await buildSampleContext(db, workspaceId, locale);
  return withProblems(() => renderSource({ channel: stored.channel, subject: stored.subject, body: stored.body }, { ...context, ...extraContext }, { isStrict: options.isStrict ?? false }));
}

/** A template problem met while rendering becomes TEMPLATE_INVALID. */
async function withProblems<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof TemplateProblemError) throw invalid(error);
    throw error;
  }
}

/**
 * Prepares a template for many recipients (a campaign): checked against the sample once, then each
 * call renders it for one person with their context and `extraContext`, as renderTemplate does.
 */
export async function compileTemplate(
  db: Db, workspaceId: string, template: TemplateSource & { locale?: string | null }, extraContext: Record<string, unknown> = {},
): Promise<(personId: string) => Promise<RenderedMessage>> {
  const locale = template.locale ?? null;
  const source = { channel: template.channel, subject: template.subject, body: template.body };
  const sample = { ...await buildSampleContext(db, workspaceId, locale), ...extraContext };
  const render = await withProblems(() => compileSource(source, sample));
  return async (personId) => {
    const context = await buildPersonContext(db, workspaceId, personId, { templateLocale: locale });
    return withProblems(() => render({ ...context, ...extraContext }));
  };
}

export async function listTemplates(ctx: ServiceContext, filter: { channel?: string; purpose?: string }) {
  authorizeRead(ctx);
  let query = ctx.db.selectFrom('message_template').select(COLUMNS).where('workspace_id', '=', ctx.principal.workspaceId);
  if (filter.channel) query = query.where('channel', '=', filter.channel as TemplateRow['channel']);
  if (filter.purpose) query = query.where('purpose', '=', filter.purpose as TemplateRow['purpose']);
  return { data: (await query.orderBy('name').execute()).map(present) };
}

export async function getTemplate(ctx: ServiceContext, id: string) {
  authorizeRead(ctx);
  return present(await loadTemplate(ctx.db, ctx.principal.workspaceId, id));
}

async function assertNameFree(ctx: ServiceContext, name: string, exceptId: string | null) {
  const taken = (await sql<{ id: string }>`
    select id from message_template where workspace_id = ${ctx.principal.workspaceId} and lower(name) = lower(${name})
      and id is distinct from ${exceptId}::uuid`.execute(ctx.db)).rows[0];
  if (taken) throw TemplateErrors.TEMPLATE_NAME_TAKEN({ field: 'name', detail: `A template named “${name}” already exists` });
}

export async function createTemplate(ctx: ServiceContext, input: TemplateInput) {
  authorizeWrite(ctx);
  const source = sourceOf(input);
  // Checked before the transaction: rendering MJML takes a while and needs no lock.
  await validateTemplate(ctx.db, ctx.principal.workspaceId, { ...input, subject: source.subject });
  return inTransaction(ctx, async (tx, ctx) => {
    await assertNameFree(ctx, input.name, null);
    const id = newId();
    await tx.insertInto('message_template').values({
      workspace_id: ctx.principal.workspaceId, id, name: input.name, channel: input.channel, purpose: input.purpose, locale: input.locale,
      subject: source.subject, body: input.body,
    }).execute();
    const created = present(await loadTemplate(tx, ctx.principal.workspaceId, id));
    await recordChange(tx, ctx, {
      entityType: 'message_template', entityId: id, action: 'create', event: 'message_template.created', changes: diffFields(null, created, AUDITED),
    });
    return created;
  });
}

export async function updateTemplate(ctx: ServiceContext, id: string, input: TemplateUpdate) {
  authorizeWrite(ctx);
  const current = present(await loadTemplate(ctx.db, ctx.principal.workspaceId, id));
  const merged = { ...current, ...Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined)) } as typeof current;
  const source = sourceOf(merged);
  await validateTemplate(ctx.db, ctx.principal.workspaceId, { ...merged, subject: source.subject });
  return inTransaction(ctx, async (tx, ctx) => {
    const before = present(await loadTemplate(tx, ctx.principal.workspaceId, id));
    await assertNameFree(ctx, merged.name, id);
    await tx.updateTable('message_template').set({
      name: merged.name, channel: merged.channel, purpose: merged.purpose, locale: merged.locale, subject: source.subject, body: merged.body, updated_at: new Date(),
    }).where('workspace_id', '=', ctx.principal.workspaceId).where('id', '=', id).execute();
    const after = present(await loadTemplate(tx, ctx.principal.workspaceId, id));
    const changes = diffFields(before, after, AUDITED);
    if (Object.keys(changes).length > 0) {
      await recordChange(tx, ctx, { entityType: 'message_template', entityId: id, action: 'update', event: 'message_template.updated', changes });
    }
    return after;
  });
}

export async function deleteTemplate(ctx: ServiceContext, id: string) {
  authorizeWrite(ctx);
  await inTransaction(ctx, async (tx, ctx) => {
    const before = present(await loadTemplate(tx, ctx.principal.workspaceId, id));
    await tx.deleteFrom('message_template').where('workspace_id', '=', ctx.principal.workspaceId).where('id', '=', id).execute();
    await recordChange(tx, ctx, {
      entityType: 'message_template', entityId: id, action: 'delete', event: 'message_template.deleted', changes: diffFields(before, null, AUDITED),
    });
  });
}

/** The reader may preview as a person only if they may read that person; their hidden fields stay blank. */
async function previewablePerson(ctx: ServiceContext, personId: string | null | undefined): Promise<{ personId: string | null; hidden: ReadonlySet<string> }> {
  if (!personId) return { personId: null, hidden: new Set() };
  const person = (await sql<{ owner_id: string | null }>`
    select owner_id from person where workspace_id = ${ctx.principal.workspaceId} and id = ${personId}`.execute(ctx.db)).rows[0];
  if (!person) throw PlatformErrors.NOT_FOUND({ field: 'person_id', detail: 'No such person' });
  authorizeRecord(ctx.principal, 'person', 'read', person.owner_id);
  return { personId, hidden: hiddenFields(ctx.principal, 'person', [...PERSON_FIELDS, 'custom']) };
}

async function renderFor(ctx: ServiceContext, template: string | (TemplateSource & { locale?: string | null }), personId: string | null | undefined) {
  authorizeRead(ctx);
  const target = await previewablePerson(ctx, personId);
  return renderTemplate(ctx.db, ctx.principal.workspaceId, template, target.personId, {}, { hiddenPersonFields: target.hidden });
}

export async function previewTemplate(ctx: ServiceContext, id: string, personId: string | null | undefined) {
  return renderFor(ctx, id, personId);
}

/** Previews what the editor holds before it is saved: checked as strictly as saving would. */
export async function previewDraft(ctx: ServiceContext, draft: TemplateDraft, personId: string | null | undefined) {
  authorizeRead(ctx);
  await validateTemplate(ctx.db, ctx.principal.workspaceId, draft);
  return renderFor(ctx, { ...sourceOf(draft), locale: draft.locale ?? null }, personId);
}

/** Sends the rendered template to the signed-in member's own address (an API key: its creator's). */
export async function testSendTemplate(ctx: ServiceContext, mailer: Mailer, id: string, personId: string | null | undefined) {
  authorizeWrite(ctx);
  const user = ctx.principal.userId
    ? await ctx.db.selectFrom('app_user').select('email').where('id', '=', ctx.principal.userId).executeTakeFirst()
    : undefined;
  if (!user?.email) throw TemplateErrors.TEMPLATE_NO_RECIPIENT();
  const template = await loadTemplate(ctx.db, ctx.principal.workspaceId, id);
  const rendered = await renderFor(ctx, id, personId);
  const sent = await mailer.send({
    to: user.email,
    subject: `[TEST] ${rendered.subject ?? template.name}`,
    text: rendered.text,
    ...(rendered.html ? { html: rendered.html } : {}),
  });
  return { to: user.email, message_id: sent.messageId };
}
