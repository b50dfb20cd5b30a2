import { sql } from 'kysely';
import { z } from 'zod';
import { writeAudit } from '../../platform/audit/audit.service.ts';
import { authorize, systemPrincipal } from '../../platform/auth/permissions.ts';
import type { ServiceContext } from '../../platform/context.ts';
import type { Db } from '../../platform/db/database.ts';
import { defineErrors, type FieldProblem } from '../../platform/errors.ts';
import { emitEvent } from '../../platform/events/events.ts';
import { newId } from '../../platform/ids.ts';
import type { JobQueue } from '../../platform/jobs/jobs.ts';
import { createRecord, type ResolveRecordType } from '../../platform/records/records.service.ts';
import { activityRecordType } from '../activities/index.ts';
import { recordConsent } from '../consent/index.ts';
import { leadRecordType } from '../leads/index.ts';
import { matchOrCreatePerson, personRecordType } from '../people/index.ts';
import { identifyVisitor } from '../tracking/index.ts';
import { formDefinitionSchema, updateFormSchema, type FieldTarget, type FormDefinition } from './forms.schemas.ts';

export const FormErrors = defineErrors({
  FORM_NOT_FOUND: { status: 404, title: 'The form does not exist' },
  FORM_NAME_TAKEN: { status: 409, title: 'Another form has this name' },
  FORM_CLOSED: { status: 410, title: 'The form no longer takes submissions' },
});

export interface StoredForm extends FormDefinition {
  id: string;
  workspace_id: string;
  created_at: string;
  updated_at: string;
}

interface FormRow { workspace_id: string; id: string; name: string; target: string; definition: Omit<FormDefinition, 'name' | 'target' | 'is_active'>; is_active: boolean; created_at: Date; updated_at: Date }

const toForm = (row: FormRow): StoredForm => ({
  ...row.definition, id: row.id, workspace_id: row.workspace_id, name: row.name, target: row.target as FormDefinition['target'], is_active: row.is_active,
  created_at: new Date(row.created_at).toISOString(), updated_at: new Date(row.updated_at).toISOString(),
});

const definitionOf = ({ name: _name, target: _target, is_active: _active, ...rest }: FormDefinition) => rest;

// Forms are workspace settings: reading needs read on `workspace`, changing them update.
export async function listForms(ctx: ServiceContext): Promise<{ data: (StoredForm & { submissions: number })[] }> {
  authorize(ctx.principal, 'workspace', 'read');
  const rows = await sql<FormRow & { submissions: number }>`
    select f.*, (select count(*)::int from web_form_submission s where s.workspace_id = f.workspace_id and s.form_id = f.id) as submissions
    from web_form f where f.workspace_id = ${ctx.principal.workspaceId} order by f.name`.execute(ctx.db);
  return { data: rows.rows.map((r) => ({ ...toForm(r), submissions: r.submissions })) };
}

async function loadForm(db: Db, workspaceId: string | null, id: string): Promise<StoredForm> {
  const row = (await sql<FormRow>`select * from web_form where id = ${id} ${workspaceId ? sql`and workspace_id = ${workspaceId}` : sql``}`.execute(db)).rows[0];
  if (!row) throw FormErrors.FORM_NOT_FOUND();
  return toForm(row);
}

export async function getForm(ctx: ServiceContext, id: string): Promise<StoredForm> {
  authorize(ctx.principal, 'workspace', 'read');
  return loadForm(ctx.db, ctx.principal.workspaceId, id);
}

/** A public form by its id alone, for its hosted page and submissions. */
export const findPublicForm = (db: Db, id: string) => loadForm(db, null, id);

async function assertNameFree(db: Db, workspaceId: string, name: string, exceptId?: string) {
  const taken = (await sql`select 1 from web_form where workspace_id = ${workspaceId} and lower(name) = lower(${name})
    ${exceptId ? sql`and id <> ${exceptId}` : sql``}`.execute(db)).rows.length > 0;
  if (taken) throw FormErrors.FORM_NAME_TAKEN({ field: 'name' });
}

export async function createForm(ctx: ServiceContext, input: FormDefinition): Promise<StoredForm> {
  authorize(ctx.principal, 'workspace', 'update');
  return ctx.db.transaction().execute(async (tx) => {
    await assertNameFree(tx, ctx.principal.workspaceId, input.name);
    const id = newId();
    await sql`insert into web_form (workspace_id, id, name, target, definition, is_active)
      values (${ctx.principal.workspaceId}, ${id}, ${input.name}, ${input.target}, ${JSON.stringify(definitionOf(input))}::jsonb, ${input.is_active})`.execute(tx);
    await writeAudit(tx, { ...ctx, db: tx }, { entityType: 'web_form', entityId: id, action: 'create', changes: { name: { after: input.name }, target: { after: input.target } } });
    return loadForm(tx, ctx.principal.workspaceId, id);
  });
}

export async function updateForm(ctx: ServiceContext, id: string, input: z.infer<typeof updateFormSchema>): Promise<StoredForm> {
  authorize(ctx.principal, 'workspace', 'update');
  return ctx.db.transaction().execute(async (tx) => {
    const before = await loadForm(tx, ctx.principal.workspaceId, id);
    const { id: _id, workspace_id: _workspace, created_at: _created, updated_at: _updated, ...stored } = before;
    const merged = formDefinitionSchema.parse({ ...stored, ...input });
    if (input.name) await assertNameFree(tx, ctx.principal.workspaceId, input.name, id);
    await sql`update web_form set name = ${merged.name}, target = ${merged.target}, definition = ${JSON.stringify(definitionOf(merged))}::jsonb,
      is_active = ${merged.is_active}, updated_at = now() where workspace_id = ${ctx.principal.workspaceId} and id = ${id}`.execute(tx);
    const changes = Object.fromEntries(Object.keys(input).map((k) => [k, { before: before[k as keyof FormDefinition] ?? null, after: merged[k as keyof FormDefinition] ?? null }]));
    await writeAudit(tx, { ...ctx, db: tx }, { entityType: 'web_form', entityId: id, action: 'update', changes });
    return loadForm(tx, ctx.principal.workspaceId, id);
  });
}

export async function deleteForm(ctx: ServiceContext, id: string): Promise<void> {
  authorize(ctx.principal, 'workspace', 'update');
  await ctx.db.transaction().execute(async (tx) => {
    const before = await loadForm(tx, ctx.principal.workspaceId, id);
    await sql`delete from web_form where workspace_id = ${ctx.principal.workspaceId} and id = ${id}`.execute(tx);
    await writeAudit(tx, { ...ctx, db: tx }, { entityType: 'web_form', entityId: id, action: 'delete', changes: { name: { before: before.name } } });
  });
}

export type Language = 'ru' | 'en';

const MESSAGES = {
  required: { ru: 'Заполните это поле', en: 'Please fill in this field' },
  email: { ru: 'Похоже, в адресе ошибка', en: 'This does not look like an email address' },
  phone: { ru: 'Похоже, в номере ошибка', en: 'This does not look like a phone number' },
  long: { ru: 'Слишком длинно', en: 'This is too long' },
  consent: { ru: 'Без согласия мы не можем принять заявку', en: 'We can’t accept the form without your consent' },
} as const;

export interface Submission {
  values: Record<string, string>;
  hasConsent: boolean;
  /** The honeypot field, which people never see and bots fill in. */
  honeypot?: string;
  visitorId?: string;
  ip?: string;
  userAgent?: string;
  language: Language;
}

export type SubmitOutcome = { kind: 'accepted'; personId: string; submissionId: string } | { kind: 'ignored' } | { kind: 'invalid'; errors: FieldProblem[] };

/** Checks the values as typed, with messages in the visitor's language; returns them trimmed. */
async function checkValues(db: Db, workspaceId: string, form: StoredForm, submission: Submission): Promise<{ values: Partial<Record<FieldTarget, string>>; errors: FieldProblem[] }> {
  const lang = submission.language;
  const errors: FieldProblem[] = [];
  const values: Partial<Record<FieldTarget, string>> = {};
  const region = (await sql<{ default_region: string }>`select default_region from workspace where id = ${workspaceId}`.execute(db)).rows[0]!.default_region;
  const phoneField = personRecordType.fields.find((f) => f.name === 'phone')!;
  for (const field of form.fields) {
    const value = (submission.values[field.target] ?? '').trim();
    const problem = (code: keyof typeof MESSAGES) => errors.push({ field: field.target, code: code.toUpperCase(), message: MESSAGES[code][lang] });
    if (!value) {
      if (field.is_required) problem('required');
      continue;
    }
    if (value.length > (field.target === 'message' ? 5000 : 300)) problem('long');
    else if (field.target === 'email' && !z.email().safeParse(value).success) problem('email');
    else if (field.target === 'phone' && !phoneField.normalise!(value, { defaultRegion: region })) problem('phone');
    else values[field.target] = value;
  }
  if (!values.email && !values.phone && !errors.some((e) => e.field === 'email' || e.field === 'phone')) {
    const contact = form.fields.find((f) => f.target === 'email') ?? form.fields.find((f) => f.target === 'phone')!;
    errors.push({ field: contact.target, code: 'REQUIRED', message: MESSAGES.required[lang] });
  }
  if (form.consent?.is_required && !submission.hasConsent) errors.push({ field: 'consent', code: 'CONSENT_REQUIRED', message: MESSAGES.consent[lang] });
  return { values, errors };
}

/**
 * Takes a submission: in one transaction the person is matched by email or phone (or created),
 * the lead or request is created, the consent is recorded with its text version, IP and browser
 * as proof, and the site visitor (if the page knew one) becomes the person. A filled honeypot is
 * answered as a success and stores nothing.
 */
export async function submitForm(db: Db, jobs: JobQueue, resolveFor: (workspaceId: string) => ResolveRecordType, formId: string, submission: Submission): Promise<SubmitOutcome> {
  const form = await findPublicForm(db, formId);
  if (!form.is_active) throw FormErrors.FORM_CLOSED();
  if (submission.honeypot) return { kind: 'ignored' };
  const workspaceId = form.workspace_id;
  const { values, errors } = await checkValues(db, workspaceId, form, submission);
  if (errors.length > 0) return { kind: 'invalid', errors };
  const resolve = resolveFor(workspaceId);
  return db.transaction().execute(async (tx) => {
    const ctx = { db: tx, principal: systemPrincipal(workspaceId) };
    const source = `form: ${form.name}`;
    const contact = { email: values.email, phone: values.phone, first_name: values.first_name, last_name: values.last_name };
    const person = await matchOrCreatePerson(ctx, resolve, contact, source);
    let leadId: string | null = null;
    let activityId: string | null = null;
    if (form.target === 'lead') {
      const lead = await createRecord(ctx, leadRecordType, {
        first_name: values.first_name ?? values.email ?? values.phone, last_name: values.last_name ?? null, middle_name: values.middle_name ?? null,
        email: values.email ?? null, phone: values.phone ?? null, company_name: values.company_name ?? null, product_interest: values.product_interest ?? null,
        message: values.message ?? null, region: values.city ?? null, channel: 'website', source,
      }, resolve);
      leadId = lead.id as string;
    } else {
      const details = form.fields.filter((f) => values[f.target] && f.target !== 'message').map((f) => `${f.label[submission.language]}: ${values[f.target]}`);
      const activity = await createRecord(ctx, activityRecordType, {
        kind: 'request', subject: form.title.ru, channel: 'website', person_id: person.id,
        body: [values.message, ...details].filter(Boolean).join('\n'),
      }, resolve);
      activityId = activity.id as string;
    }
    if (form.consent && submission.hasConsent) {
      for (const channel of form.consent.channels) {
        for (const purpose of form.consent.purposes) {
          await recordConsent(ctx, jobs, person.id, {
            channel, purpose, status: 'granted', source: 'form', double_opt_in: channel === 'email' && form.consent.is_double_opt_in,
            proof: { text_version: form.consent.version, text: form.consent.text[submission.language], ip: submission.ip, user_agent: submission.userAgent },
          });
        }
      }
    }
    if (submission.visitorId && /^[A-Za-z0-9_-]{8,64}$/.test(submission.visitorId)) {
      await identifyVisitor(tx, ctx, resolve, submission.visitorId, contact, new Date());
    }
    const submissionId = newId();
    await sql`insert into web_form_submission (workspace_id, id, form_id, person_id, lead_id, activity_id, visitor_id, ip, user_agent, language, "values")
      values (${workspaceId}, ${submissionId}, ${form.id}, ${person.id}, ${leadId}, ${activityId}, ${submission.visitorId ?? null},
        ${submission.ip ?? null}, ${submission.userAgent ?? null}, ${submission.language}, ${JSON.stringify(values)}::jsonb)`.execute(tx);
    await emitEvent(tx, ctx, {
      name: 'form.submitted', entityType: 'person', entityId: person.id,
      payload: { changes: {}, references: {}, title: form.name, form_id: form.id, submission_id: submissionId, lead_id: leadId, activity_id: activityId },
    });
    return { kind: 'accepted' as const, personId: person.id, submissionId };
  });
}

