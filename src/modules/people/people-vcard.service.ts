import { sql } from 'kysely';
import { inTransaction, type ServiceContext } from '../../platform/context.ts';
import { authorize } from '../../platform/auth/permissions.ts';
import { AppError, PlatformErrors, type FieldProblem } from '../../platform/errors.ts';
import { createInputSchema, type RecordTypeDef } from '../../platform/records/record-type.ts';
import { createRecord, getRecord, openExport } from '../../platform/records/records.service.ts';
import type { Filter } from '../../platform/records/filter.ts';
import { toE164 } from '../../platform/records/phone.ts';
import { personRecordType } from './people.records.ts';
import { parseVcards, personToVcard, VcardSyntaxError } from './vcard.ts';

export const MAX_VCARDS = 5_000;

export async function personVcard(ctx: ServiceContext, id: string): Promise<string> {
  return personToVcard(await getRecord(ctx, personRecordType, id));
}

/** Every person the reader may export (optionally filtered), as vCards, in batches; audited like a CSV export. */
export async function* exportVcards(ctx: ServiceContext, options: { filter?: Filter; q?: string }): AsyncGenerator<string> {
  const { batches } = await openExport(ctx, personRecordType, options);
  for await (const batch of batches) yield batch.map(personToVcard).join('');
}

/**
 * Creates people from a vCard file in one transaction: a card whose email or phone already
 * belongs to someone is skipped, ORG links an existing company of that name. Any invalid card
 * fails the whole file, naming the card and field, and nothing is created.
 */
export async function importVcards(ctx: ServiceContext, input: string, resolve: (type: string) => RecordTypeDef | undefined) {
  authorize(ctx.principal, 'person', 'create');
  let cards;
  try {
    cards = parseVcards(input);
  } catch (error) {
    if (!(error instanceof VcardSyntaxError)) throw error;
    throw PlatformErrors.VALIDATION_FAILED({ field: error.card === null ? 'body' : `cards.${error.card}`, detail: `${error.message}; nothing was imported` });
  }
  if (cards.length === 0) throw PlatformErrors.VALIDATION_FAILED({ field: 'body', detail: 'The file has no cards' });
  if (cards.length > MAX_VCARDS) throw PlatformErrors.VALIDATION_FAILED({ field: 'body', detail: `At most ${MAX_VCARDS} cards per file; use the CSV import for more` });
  const schema = createInputSchema(personRecordType);
  const problems: FieldProblem[] = [];
  const checked = cards.map((card, index) => {
    const result = schema.safeParse(card.values);
    if (!result.success) {
      for (const issue of result.error.issues) problems.push({ field: `cards.${index}.${issue.path.join('.')}`, code: 'INVALID', message: issue.message });
    }
    return { ...card, values: result.success ? (result.data as Record<string, unknown>) : card.values };
  });
  if (problems.length > 0) throw invalidCards(problems);

  return inTransaction(ctx, async (tx, ctx) => {
    const workspaceId = ctx.principal.workspaceId;
    const region = (await sql<{ default_region: string }>`select default_region from workspace where id = ${workspaceId}`.execute(tx)).rows[0]!.default_region;
    const created: string[] = [];
    const skipped: { card: number; person_id: string; reason: string }[] = [];
    for (const [index, card] of checked.entries()) {
      const email = typeof card.values.email === 'string' ? card.values.email : null;
      const phone = typeof card.values.phone === 'string' ? toE164(card.values.phone, region) : null;
      const existing = email || phone ? (await sql<{ id: string }>`
        select id from person where workspace_id = ${workspaceId}
          and (${email ? sql`email = ${email}` : sql`false`} or ${phone ? sql`phone = ${phone}` : sql`false`}) limit 1`.execute(tx)).rows[0] : undefined;
      if (existing) {
        skipped.push({ card: index, person_id: existing.id, reason: 'A person with this email or phone exists' });
        continue;
      }
      const company = card.organisation ? (await sql<{ id: string }>`
        select id from company where workspace_id = ${workspaceId} and lower(name) = lower(${card.organisation}) order by id limit 1`.execute(tx)).rows[0] : undefined;
      try {
        const person = await createRecord(ctx, personRecordType, { ...card.values, ...(company ? { company_id: company.id } : {}) }, resolve);
        created.push(person.id as string);
      } catch (error) {
        if (!(error instanceof AppError)) throw error;
        problems.push({ field: `cards.${index}.${error.field ?? ''}`, code: error.code, message: error.message });
      }
    }
    if (problems.length > 0) throw invalidCards(problems);
    return { created: created.length, created_ids: created, skipped };
  });
}

function invalidCards(problems: FieldProblem[]) {
  const first = problems[0]!;
  const card = Number(first.field.split('.')[1]) + 1;
  return PlatformErrors.VALIDATION_FAILED({
    field: first.field, detail: `Card ${card}: ${first.message}${problems.length > 1 ? ` (and ${problems.length - 1} more)` : ''}; nothing was imported`,
    errors: problems.slice(0, 100),
  });
}
