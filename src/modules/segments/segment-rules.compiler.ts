import { sql, type RawBuilder } from 'kysely';
import { contactableCondition } from '../consent/index.ts';
import { AppError } from '../../platform/errors.ts';
import { compileFilter, opsFor, type FilterContext, type FilterOp } from '../../platform/records/filter.ts';
import { MAX_RULE_CONDITIONS, MAX_RULE_DEPTH, type Comparison, type SegmentRule, type SegmentRuleCondition } from './segment-rules.schema.ts';
import { SegmentErrors } from './segments.errors.ts';

/** What a rule reads; a change of that kind re-evaluates the segment (docs/segments.md). */
export const DATA_KINDS = ['profile', 'orders', 'events', 'scores', 'consent', 'segments', 'time'] as const;
export type DataKind = (typeof DATA_KINDS)[number];

export interface CompileContext {
  workspaceId: string;
  /** The person fields the compiling principal may filter on (a job: all of them). */
  filtering: FilterContext;
}

const COMPARE: Record<Comparison, RawBuilder<unknown>> = {
  gt: sql.raw('>'), gte: sql.raw('>='), lt: sql.raw('<'), lte: sql.raw('<='), eq: sql.raw('='),
};

const ruleError = (field: string, detail: string) =>
  SegmentErrors.SEGMENT_RULE_INVALID({ field, detail, errors: [{ field, code: 'SEGMENT_RULE_INVALID', message: detail }] });

/** Conditions below sit in `where` of `select … from person`; subqueries correlate on person.id. */
const PERSON_ID = sql.ref('person.id');

const since = (column: string, days: number | undefined) =>
  days === undefined ? sql`` : sql`and ${sql.ref(column)} >= now() - make_interval(days => ${days}::integer)`;

function profileCondition(ctx: CompileContext, rule: Extract<SegmentRuleCondition, { kind: 'profile' }>, path: string): RawBuilder<boolean> {
  const field = ctx.filtering.fields.get(rule.field);
  if (!field) throw ruleError(`${path}.field`, `There is no person field ${rule.field} to filter on`);
  if (!opsFor(field.kind).includes(rule.op as FilterOp)) {
    throw ruleError(`${path}.op`, `${rule.field} can't be compared with "${rule.op}"; use one of ${opsFor(field.kind).join(', ')}`);
  }
  try {
    return compileFilter(ctx.filtering, { field: rule.field, op: rule.op as FilterOp, value: rule.value });
  } catch (error) {
    if (error instanceof AppError && error.status === 400) throw ruleError(`${path}.value`, error.message);
    throw error;
  }
}

function ordersCondition(ctx: CompileContext, rule: Extract<SegmentRuleCondition, { kind: 'orders' }>): RawBuilder<boolean> {
  const lines = rule.product_id || rule.category
    ? sql`and exists (select 1 from order_line l where l.workspace_id = o.workspace_id and l.order_id = o.id
        ${rule.product_id ? sql`and l.product_id = ${rule.product_id}` : sql``}
        ${rule.category ? sql`and l.category = ${rule.category}` : sql``})`
    : sql``;
  // Cancelled and wholly returned orders are not purchases; sums are net of returns.
  const orders = sql`from sales_order o where o.workspace_id = ${ctx.workspaceId} and o.person_id = ${PERSON_ID}
    and o.status not in ('cancelled', 'returned') ${since('o.placed_at', rule.within_days)} ${lines}`;
  if (rule.metric === 'count') {
    // "At least one" and "none" are a semi-join, which the planner runs set-wise over all people.
    if ((rule.op === 'gte' && rule.value === 1) || (rule.op === 'gt' && rule.value === 0)) return sql<boolean>`exists (select 1 ${orders})`;
    if ((rule.op === 'eq' || rule.op === 'lte') && rule.value === 0) return sql<boolean>`not exists (select 1 ${orders})`;
    return sql<boolean>`((select count(*) ${orders}) ${COMPARE[rule.op]} ${rule.value})`;
  }
  if (rule.metric === 'sum') return sql<boolean>`((select coalesce(sum(o.total - o.returned_total), 0) ${orders}) ${COMPARE[rule.op]} ${rule.value})`;
  // Days since the last order; people without orders have none and never match.
  return sql<boolean>`((select floor(extract(epoch from now() - max(o.placed_at)) / 86400) ${orders}) ${COMPARE[rule.op]} ${rule.value})`;
}

function eventCondition(ctx: CompileContext, rule: Extract<SegmentRuleCondition, { kind: 'event' }>): RawBuilder<boolean> {
  const events = sql`from tracking_event e where e.workspace_id = ${ctx.workspaceId} and e.person_id = ${PERSON_ID}
    and e.type = ${rule.event_type} ${since('e.occurred_at', rule.within_days)}`;
  // Counting stops at N: a person with thousands of page views costs no more than one with N.
  const did = rule.at_least === 1
    ? sql<boolean>`exists (select 1 ${events})`
    : sql<boolean>`((select count(*) from (select 1 ${events} limit ${rule.at_least}) as x) >= ${rule.at_least})`;
  return rule.did ? did : sql<boolean>`(not ${did})`;
}

function scoreCondition(ctx: CompileContext, condition: RawBuilder<boolean>): RawBuilder<boolean> {
  return sql<boolean>`exists (select 1 from customer_score cs where cs.workspace_id = ${ctx.workspaceId} and cs.person_id = ${PERSON_ID} and ${condition})`;
}

function compileCondition(ctx: CompileContext, rule: SegmentRuleCondition, path: string): RawBuilder<boolean> {
  switch (rule.kind) {
    case 'profile': return profileCondition(ctx, rule, path);
    case 'orders': return ordersCondition(ctx, rule);
    case 'event': return eventCondition(ctx, rule);
    case 'rfm_segment': return scoreCondition(ctx, sql<boolean>`cs.rfm_segment in (${sql.join(rule.values)})`);
    case 'churn_risk': return scoreCondition(ctx, sql<boolean>`cs.churn_risk in (${sql.join(rule.values)})`);
    case 'clv': return scoreCondition(ctx, sql<boolean>`cs.clv ${COMPARE[rule.op]} ${rule.value}`);
    case 'p_alive': return scoreCondition(ctx, sql<boolean>`cs.p_alive ${COMPARE[rule.op]} ${rule.value}`);
    case 'consent': {
      const contactable = contactableCondition({ workspaceId: ctx.workspaceId, personId: PERSON_ID, channel: rule.channel, purpose: rule.purpose });
      return rule.is_contactable ? contactable : sql<boolean>`(not ${contactable})`;
    }
    case 'segment': {
      const member = sql<boolean>`exists (select 1 from segment_member m
        where m.workspace_id = ${ctx.workspaceId} and m.segment_id = ${rule.segment_id} and m.person_id = ${PERSON_ID})`;
      return rule.is_member ? member : sql<boolean>`(not ${member})`;
    }
  }
}

/** Calls `visit` on every condition with its path (`rules.rules.0…`), checking depth and size. */
export function walkRules(rule: SegmentRule, visit: (condition: SegmentRuleCondition, path: string) => void, path = 'rules'): void {
  let conditions = 0;
  const walk = (node: SegmentRule, at: string, depth: number) => {
    if (node.kind === 'group') {
      if (depth >= MAX_RULE_DEPTH) throw ruleError(at, `Groups nest at most ${MAX_RULE_DEPTH} deep`);
      node.rules.forEach((child, i) => walk(child, `${at}.rules.${i}`, depth + 1));
      return;
    }
    if (++conditions > MAX_RULE_CONDITIONS) throw ruleError(at, `A segment has at most ${MAX_RULE_CONDITIONS} conditions`);
    visit(node, at);
  };
  walk(rule, path, 0);
}

/** The rules as one SQL condition on `person`, always inside the workspace's rows. */
export function compileRules(ctx: CompileContext, rule: SegmentRule): RawBuilder<boolean> {
  walkRules(rule, () => undefined);
  const compile = (node: SegmentRule, path: string): RawBuilder<boolean> => {
    if (node.kind !== 'group') return compileCondition(ctx, node, path);
    const parts = node.rules.map((child, i) => compile(child, `${path}.rules.${i}`));
    return sql<boolean>`(${sql.join(parts, node.match === 'all' ? sql` and ` : sql` or `)})`;
  };
  return compile(rule, 'rules');
}

const TIME_OPS: ReadonlySet<string> = new Set(['in_last_days', 'in_next_days']);

/** Which other segments the rules name (with where), and which kinds of data they read. */
export function analyseRules(rule: SegmentRule): { segments: { id: string; path: string }[]; dataKinds: DataKind[] } {
  const segments: { id: string; path: string }[] = [];
  const kinds = new Set<DataKind>();
  walkRules(rule, (condition, path) => {
    switch (condition.kind) {
      case 'profile':
        kinds.add('profile');
        if (TIME_OPS.has(condition.op)) kinds.add('time');
        return;
      case 'orders':
        kinds.add('orders');
        if (condition.within_days !== undefined || condition.metric === 'days_since_last') kinds.add('time');
        return;
      case 'event':
        kinds.add('events');
        if (condition.within_days !== undefined) kinds.add('time');
        return;
      case 'consent':
        kinds.add('consent');
        return;
      case 'segment':
        kinds.add('segments');
        segments.push({ id: condition.segment_id, path });
        return;
      default:
        kinds.add('scores');
    }
  });
  return { segments, dataKinds: [...kinds].sort() };
}
