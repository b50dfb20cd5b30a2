import { sql } from 'kysely';
import { z } from 'zod';
import { inTransaction, type ServiceContext } from '../../platform/context.ts';
import { recordChange } from '../../platform/changes.ts';
import { authorizeRecord, hiddenFields, isInScope, readableScope } from '../../platform/auth/permissions.ts';
import { PlatformErrors } from '../../platform/errors.ts';
import { newId } from '../../platform/ids.ts';
import type { RecordRow } from '../../platform/records/record-type.ts';
import { recordEventPayload } from '../../platform/records/records.service.ts';
import { personRecordType } from './people.records.ts';

export const personCompaniesSchema = z.strictObject({
  companies: z.array(z.strictObject({
    company_id: z.uuid(),
    role: z.string().trim().min(1).max(100).nullable().default(null).describe('e.g. director, board member, consultant'),
  })).max(100),
});

async function loadPerson(ctx: ServiceContext, personId: string, action: 'read' | 'update', forUpdate = false) {
  const row = (await sql<RecordRow>`
    select * from person where workspace_id = ${ctx.principal.workspaceId} and id = ${personId} ${forUpdate ? sql`for update` : sql``}`.execute(ctx.db)).rows[0];
  if (!row) throw PlatformErrors.NOT_FOUND();
  authorizeRecord(ctx.principal, 'person', action, row.owner_id);
  return row;
}

/** A person's companies: the main one (person.company_id) first, then the others with roles. */
export async function getPersonCompanies(ctx: ServiceContext, personId: string) {
  const person = await loadPerson(ctx, personId, 'read');
  const workspaceId = ctx.principal.workspaceId;
  const links = (await sql<{ company_id: string; role: string | null }>`
    select company_id, role from person_affiliation where workspace_id = ${workspaceId} and person_id = ${personId} order by id`.execute(ctx.db)).rows;
  const entries = new Map<string, { company_id: string; role: string | null; is_primary: boolean }>();
  const primary = person.company_id as string | null;
  if (primary) entries.set(primary, { company_id: primary, role: null, is_primary: true });
  for (const link of links) {
    const existing = entries.get(link.company_id);
    entries.set(link.company_id, { company_id: link.company_id, role: existing?.role ?? link.role, is_primary: !!existing?.is_primary });
  }
  const scope = readableScope(ctx.principal, 'company');
  const ids = [...entries.keys()];
  const companies = scope && ids.length > 0 ? (await sql<{ id: string; owner_id: string | null; name: string; city: string | null }>`
    select id, owner_id, name, city from company where workspace_id = ${workspaceId} and id in (${sql.join(ids)})`.execute(ctx.db)).rows : [];
  const visible = new Map(companies.filter((c) => isInScope(scope!, c.owner_id)).map((c) => [c.id, c]));
  return { data: [...entries.values()].map((e) => ({ ...e, name: visible.get(e.company_id)?.name ?? null, city: visible.get(e.company_id)?.city ?? null })) };
}

/** Replaces the companies a person works with besides the main one; each lands on their timeline. */
export async function setPersonCompanies(ctx: ServiceContext, personId: string, input: z.infer<typeof personCompaniesSchema>) {
  return inTransaction(ctx, async (tx, ctx) => {
    const workspaceId = ctx.principal.workspaceId;
    const person = await loadPerson(ctx, personId, 'update', true);
    const links = [...new Map(input.companies.map((c) => [c.company_id, c])).values()];
    const ids = links.map((c) => c.company_id);
    const found = ids.length === 0 ? [] : (await sql<{ id: string }>`
      select id from company where workspace_id = ${workspaceId} and id in (${sql.join(ids)})`.execute(tx)).rows;
    const known = new Set(found.map((c) => c.id));
    const missing = input.companies.findIndex((c) => !known.has(c.company_id));
    if (missing !== -1) throw PlatformErrors.VALIDATION_FAILED({ field: `companies.${missing}.company_id`, detail: 'No such company' });
    const before = (await sql<{ company_id: string; role: string | null }>`
      select company_id, role from person_affiliation where workspace_id = ${workspaceId} and person_id = ${personId} order by id`.execute(tx)).rows;
    await sql`delete from person_affiliation where workspace_id = ${workspaceId} and person_id = ${personId}`.execute(tx);
    if (links.length > 0) {
      await sql`insert into person_affiliation (workspace_id, id, person_id, company_id, role) values ${sql.join(links.map((link) =>
        sql`(${workspaceId}, ${newId()}, ${personId}, ${link.company_id}, ${link.role})`))}`.execute(tx);
    }
    const describe = (list: { company_id: string; role: string | null }[]) => list.map((c) => (c.role ? `${c.company_id} (${c.role})` : c.company_id));
    const changes = { companies: { before: describe(before), after: describe(links) } };
    const payload = recordEventPayload(personRecordType, person, changes);
    [...new Set([...before.map((c) => c.company_id), ...ids])].forEach((id, i) => (payload.references[`company_${i}`] = { type: 'company', id }));
    await recordChange(tx, ctx, { entityType: 'person', entityId: personId, action: 'update', changes, event: 'person.companies_changed', payload });
    return getPersonCompanies(ctx, personId);
  });
}

/** The people of a company, by main company or by a role there; only people the reader may see. */
export async function getCompanyPeople(ctx: ServiceContext, companyId: string) {
  const workspaceId = ctx.principal.workspaceId;
  const company = (await sql<{ owner_id: string | null }>`
    select owner_id from company where workspace_id = ${workspaceId} and id = ${companyId}`.execute(ctx.db)).rows[0];
  if (!company) throw PlatformErrors.NOT_FOUND();
  authorizeRecord(ctx.principal, 'company', 'read', company.owner_id);
  const scope = readableScope(ctx.principal, 'person');
  if (!scope) return { data: [] };
  const rows = (await sql<{ id: string; owner_id: string | null; full_name: string; job_title: string | null; email: string | null; phone: string | null; role: string | null; is_primary: boolean }>`
    select p.id, p.owner_id, p.full_name, p.job_title, p.email, p.phone, l.role, coalesce(p.company_id = ${companyId}, false) as is_primary
    from person p
    left join lateral (
      select role from person_affiliation pc where pc.workspace_id = p.workspace_id and pc.person_id = p.id and pc.company_id = ${companyId} limit 1
    ) l on true
    where p.workspace_id = ${workspaceId}
      and (p.company_id = ${companyId} or exists (select 1 from person_affiliation pc where pc.workspace_id = p.workspace_id and pc.person_id = p.id and pc.company_id = ${companyId}))
    order by p.full_name limit 500`.execute(ctx.db)).rows;
  const hidden = hiddenFields(ctx.principal, 'person', ['first_name', 'last_name', 'email', 'phone', 'job_title']);
  if (hidden.has('first_name') || hidden.has('last_name')) hidden.add('full_name');
  return {
    data: rows.filter((r) => isInScope(scope, r.owner_id)).map((r) => ({
      person_id: r.id, role: r.role, is_primary: r.is_primary,
      full_name: hidden.has('full_name') ? null : r.full_name, job_title: hidden.has('job_title') ? null : r.job_title,
      email: hidden.has('email') ? null : r.email, phone: hidden.has('phone') ? null : r.phone,
    })),
  };
}
