import { sql } from 'kysely';
import { z } from 'zod';
import { inTransaction, type ServiceContext } from '../../platform/context.ts';
import type { Db, Tx } from '../../platform/db/database.ts';
import { recordChange } from '../../platform/changes.ts';
import { authorize, authorizeRecord, isInScope, systemPrincipal } from '../../platform/auth/permissions.ts';
import { defineErrors, PlatformErrors } from '../../platform/errors.ts';
import { createRecord, getRecord, recordEventPayload } from '../../platform/records/records.service.ts';
import type { RecordRow, RecordTypeDef } from '../../platform/records/record-type.ts';
import { companyRecordType } from '../companies/index.ts';
import { dealRecordType } from '../deals/index.ts';
import { personRecordType } from '../people/index.ts';
import { findLeadSettings, pickAgent, routeLead } from './lead-distribution.ts';
import { markFirstContact } from './lead-contact.ts';
import { leadRecordType } from './leads.records.ts';
import './leads.tables.ts';

export const LeadErrors = defineErrors({
  LEAD_ALREADY_CONVERTED: { status: 409, title: 'The lead is already converted' },
  LEAD_DISQUALIFIED: { status: 409, title: 'A disqualified lead cannot be converted; requalify it first' },
});

export const convertLeadSchema = z.strictObject({
  person_id: z.uuid().optional().describe('Link this existing person instead of creating one'),
  company_id: z.uuid().optional().describe('Link this existing company instead of creating one from company_name'),
  create_company: z.boolean().default(true).describe('Create a company from the lead’s company name, when it has one'),
  deal: z.strictObject({
    title: z.string().trim().min(1).max(300).optional(),
    amount: z.union([z.number().finite(), z.string().regex(/^\d{1,15}(\.\d{1,4})?$/)]).optional(),
    currency: z.string().regex(/^[A-Z]{3}$/).optional(),
  }).nullable().default({}).describe('The deal to open; null opens none'),
});
export type ConvertLeadInput = z.output<typeof convertLeadSchema>;

async function loadLead(db: Db, workspaceId: string, id: string, isForUpdate = false) {
  let query = db.selectFrom('lead').selectAll().where('workspace_id', '=', workspaceId).where('id', '=', id);
  if (isForUpdate) query = query.forUpdate();
  const lead = await query.executeTakeFirst();
  if (!lead) throw PlatformErrors.NOT_FOUND({ detail: `No lead with id ${id}` });
  return lead;
}

/** Marks a lead converted and tells the timeline, whose entries for the lead carry over to the new records. */
async function markConverted(tx: Tx, ctx: ServiceContext, leadId: string, links: { person_id: string; company_id: string | null; deal_id: string | null }) {
  const before = await loadLead(tx, ctx.principal.workspaceId, leadId);
  const after = await tx.updateTable('lead')
    .set({ ...links, status: 'converted', converted_at: new Date(), first_contacted_at: before.first_contacted_at ?? new Date(), updated_at: new Date() })
    .where('workspace_id', '=', ctx.principal.workspaceId).where('id', '=', leadId)
    .returningAll().executeTakeFirstOrThrow();
  const changes = {
    status: { before: before.status, after: 'converted' },
    person_id: { before: null, after: links.person_id },
    ...(links.company_id ? { company_id: { before: null, after: links.company_id } } : {}),
    ...(links.deal_id ? { deal_id: { before: null, after: links.deal_id } } : {}),
  };
  const payload = recordEventPayload(leadRecordType, after as unknown as RecordRow, changes);
  const targets = [
    { type: 'person', id: links.person_id },
    ...(links.company_id ? [{ type: 'company', id: links.company_id }] : []),
    ...(links.deal_id ? [{ type: 'deal', id: links.deal_id }] : []),
  ];
  await recordChange(tx, ctx, {
    entityType: 'lead', entityId: leadId, action: 'convert', changes, event: 'lead.converted',
    payload: {
      ...payload,
      references: Object.fromEntries(targets.map((t) => [`${t.type}_id`, t])),
      // The lead's history continues on the records it became.
      history_to: targets,
    },
  });
  return after;
}

/**
 * Converts a lead in one transaction: links or creates the person and the company, opens a deal,
 * moves the lead's activities onto them, and marks the lead converted. Every record is created
 * through the record service, so permissions, validation, audit and events apply as usual.
 */
export async function convertLead(ctx: ServiceContext, leadId: string, input: ConvertLeadInput, resolve: (type: string) => RecordTypeDef | undefined) {
  return inTransaction(ctx, async (tx, ctx) => {
    const lead = await loadLead(tx, ctx.principal.workspaceId, leadId, true);
    authorizeRecord(ctx.principal, 'lead', 'update', lead.owner_id);
    if (lead.status === 'converted') throw LeadErrors.LEAD_ALREADY_CONVERTED();
    if (lead.status === 'disqualified') throw LeadErrors.LEAD_DISQUALIFIED();
    const ownerId = lead.owner_id ?? ctx.principal.userId ?? undefined;
    const owner = ownerId ? { owner_id: ownerId } : {};

    let companyId: string | null = null;
    if (input.company_id) companyId = (await getRecord(ctx, companyRecordType, input.company_id)).id as string;
    else if (input.create_company && lead.company_name) {
      companyId = (await createRecord(ctx, companyRecordType, { name: lead.company_name, ...owner }, resolve)).id as string;
    }

    let personId: string;
    if (input.person_id) personId = (await getRecord(ctx, personRecordType, input.person_id)).id as string;
    else {
      const person = await createRecord(ctx, personRecordType, {
        first_name: lead.first_name, last_name: lead.last_name, middle_name: lead.middle_name, email: lead.email, phone: lead.phone,
        company_id: companyId, source: lead.source ?? lead.channel, lifecycle_stage: 'lead', ...owner,
      }, resolve);
      personId = person.id as string;
    }

    let dealId: string | null = null;
    if (input.deal) {
      const subject = lead.company_name ?? lead.full_name;
      const deal = await createRecord(ctx, dealRecordType, {
        title: input.deal.title ?? (lead.product_interest ? `${subject}: ${lead.product_interest}` : subject),
        ...(input.deal.amount !== undefined ? { amount: String(input.deal.amount) } : {}),
        ...(input.deal.currency ? { currency: input.deal.currency } : {}),
        person_id: personId, company_id: companyId, ...owner,
      }, resolve);
      dealId = deal.id as string;
    }

    // Calls and notes logged on the lead now belong to the customer and the deal as well.
    await sql`
      update activity set person_id = coalesce(person_id, ${personId}), company_id = coalesce(company_id, ${companyId}),
        deal_id = coalesce(deal_id, ${dealId}), updated_at = now()
      where workspace_id = ${ctx.principal.workspaceId} and lead_id = ${leadId}`.execute(tx);

    const converted = await markConverted(tx, ctx, leadId, { person_id: personId, company_id: companyId, deal_id: dealId });
    return { lead_id: converted.id, person_id: personId, company_id: companyId, deal_id: dealId };
  });
}

/** Activities that count as reaching the lead. */
const CONTACT_KINDS = new Set(['call', 'email', 'meeting']);

export async function recordContactFromActivity(db: Db, event: { workspaceId: string; occurredAt: string | Date; payload: Record<string, unknown> }) {
  const payload = event.payload as { changes?: Record<string, { after?: unknown }>; references?: Record<string, { type: string; id: string }> };
  const leadId = payload.references?.lead_id?.id;
  const kind = payload.changes?.kind?.after;
  if (!leadId || typeof kind !== 'string' || !CONTACT_KINDS.has(kind)) return;
  await db.transaction().execute((tx) =>
    markFirstContact(tx, { db: tx, principal: systemPrincipal(event.workspaceId) }, leadId, new Date(event.occurredAt), 'activity'));
}

/**
 * The minute-by-minute SLA sweep over every workspace:
 * - flags leads whose first-response deadline passed without contact (lead.sla_breached);
 * - hands leads nobody has contacted within the reassignment time to the next agent on shift,
 *   and assigns leads that arrived when nobody was on shift.
 */
export async function sweepLeadSla(db: Db): Promise<{ breached: number; reassigned: number }> {
  const breached = await db.updateTable('lead').set({ is_sla_breached: true })
    .where('status', '=', 'new').where('first_contacted_at', 'is', null).where('is_sla_breached', '=', false)
    .where('first_response_due_at', '<', new Date())
    .returning(['workspace_id', 'id', 'owner_id', 'full_name', 'first_response_due_at'])
    .execute();
  for (const lead of breached) {
    const ctx = { db, principal: systemPrincipal(lead.workspace_id) };
    await db.transaction().execute((tx) => recordChange(tx, { ...ctx, db: tx }, {
      entityType: 'lead', entityId: lead.id, action: 'update', changes: { is_sla_breached: { before: false, after: true } }, event: 'lead.sla_breached',
      payload: { changes: { is_sla_breached: { before: false, after: true } }, owner_id: lead.owner_id, title: lead.full_name, references: {} },
    }));
  }

  const stale = await sql<{ workspace_id: string; id: string }>`
    select l.workspace_id, l.id from lead l
    left join lead_settings s on s.workspace_id = l.workspace_id
    where l.status = 'new' and l.first_contacted_at is null
      and (l.owner_id is null or l.assigned_at < now() - make_interval(mins => coalesce(s.reassign_after_minutes, 30)))
    order by l.created_at limit 500`.execute(db);
  let reassigned = 0;
  for (const { workspace_id: workspaceId, id } of stale.rows) {
    const isMoved = await db.transaction().execute(async (tx) => {
      const ctx = { db: tx, principal: systemPrincipal(workspaceId) };
      const lead = await loadLead(tx, workspaceId, id, true);
      if (lead.status !== 'new' || lead.first_contacted_at) return false;
      const settings = await findLeadSettings(tx, workspaceId);
      const next = await pickAgent(tx, workspaceId, await routeLead(tx, workspaceId, lead, settings), lead.owner_id);
      if (!next) return false;
      await tx.updateTable('lead').set({ owner_id: next, assigned_at: new Date(), reassign_count: lead.reassign_count + 1, updated_at: new Date() })
        .where('workspace_id', '=', workspaceId).where('id', '=', id).execute();
      const changes = { owner_id: { before: lead.owner_id, after: next } };
      await recordChange(tx, ctx, {
        entityType: 'lead', entityId: id, action: 'update', changes, event: lead.owner_id ? 'lead.reassigned' : 'lead.assigned',
        payload: { changes, owner_id: next, title: lead.full_name, references: {} },
      });
      return true;
    });
    if (isMoved) reassigned += 1;
  }
  return { breached: breached.length, reassigned };
}

export interface AwaitingLead {
  id: string;
  full_name: string;
  company_name: string | null;
  channel: string;
  first_response_due_at: string | null;
  is_sla_breached: boolean;
}

/** The acting user's leads still waiting for a first contact, the most urgent first. */
export async function findMyLeadsAwaitingContact(ctx: ServiceContext, limit = 100): Promise<AwaitingLead[]> {
  const scope = authorize(ctx.principal, 'lead', 'read');
  const userId = ctx.principal.userId;
  if (!userId || !isInScope(scope, userId)) return [];
  const rows = await ctx.db.selectFrom('lead')
    .select(['id', 'full_name', 'company_name', 'channel', 'first_response_due_at', 'is_sla_breached'])
    .where('workspace_id', '=', ctx.principal.workspaceId).where('owner_id', '=', userId)
    .where('status', '=', 'new').where('first_contacted_at', 'is', null)
    .orderBy('first_response_due_at').limit(limit).execute();
  return rows.map((r) => ({ ...r, first_response_due_at: r.first_response_due_at ? new Date(r.first_response_due_at).toISOString() : null }));
}
