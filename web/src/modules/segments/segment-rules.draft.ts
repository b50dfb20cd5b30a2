import { segmentRuleSchema } from '../../../../src/modules/segments/segment-rules.schema.ts';
import { filterFromDraft, type FieldMeta } from '../records/index.ts';
import type { FilterCondition, FilterOp } from '../records/records.types.ts';
import type { SegmentRule, SegmentRuleCondition } from './segments.types.ts';

/**
 * The rule builder edits a draft of the rule tree: the same shapes with a React key on every node,
 * and a profile condition's value as its inputs hold it (the filter builder's draft).
 */
export type ProfileDraft = { key: number; kind: 'profile'; field: string | null; op: FilterOp | null; value: unknown };
export type OtherConditionDraft = { key: number } & Exclude<SegmentRuleCondition, { kind: 'profile' }>;
export type ConditionDraft = ProfileDraft | OtherConditionDraft;
export type GroupDraft = { key: number; kind: 'group'; match: 'all' | 'any'; rules: RuleDraft[] };
export type RuleDraft = GroupDraft | ConditionDraft;
export type ConditionKind = ConditionDraft['kind'];

export const CONDITION_KINDS: ConditionKind[] = ['profile', 'orders', 'event', 'rfm_segment', 'churn_risk', 'clv', 'p_alive', 'consent', 'segment'];
export const MAX_GROUP_DEPTH = 6;

let lastKey = 0;
const nextKey = () => ++lastKey;

export function newCondition(kind: ConditionKind): ConditionDraft {
  const key = nextKey();
  switch (kind) {
    case 'profile': return { key, kind, field: null, op: null, value: '' };
    case 'orders': return { key, kind, metric: 'count', op: 'gte', value: 1 };
    case 'event': return { key, kind, event_type: 'add_to_cart', did: true, at_least: 1, within_days: 7 };
    case 'rfm_segment': return { key, kind, values: ['champions'] };
    case 'churn_risk': return { key, kind, values: ['high'] };
    case 'clv': return { key, kind, op: 'gte', value: 10_000 };
    case 'p_alive': return { key, kind, op: 'lt', value: 0.5 };
    case 'consent': return { key, kind, channel: 'email', purpose: 'marketing', is_contactable: true };
    case 'segment': return { key, kind, segment_id: '', is_member: true };
  }
}

export const newGroup = (rules: RuleDraft[] = []): GroupDraft => ({ key: nextKey(), kind: 'group', match: 'all', rules });

/** A saved tree as a draft; a bare condition at the top becomes a group of one. */
export function draftFromRules(rule: SegmentRule | null): GroupDraft {
  const walk = (node: SegmentRule): RuleDraft => {
    if (node.kind === 'group') return { key: nextKey(), kind: 'group', match: node.match, rules: node.rules.map(walk) };
    if (node.kind === 'profile') return { key: nextKey(), kind: 'profile', field: node.field, op: node.op as FilterOp, value: node.value ?? '' };
    return { key: nextKey(), ...node };
  };
  if (!rule) return newGroup();
  const root = walk(rule);
  return root.kind === 'group' ? root : newGroup([root]);
}

export interface CheckedRules {
  /** The rules to send, or null while some condition is incomplete or invalid. */
  rules: SegmentRule | null;
  /** Problems by the API's field path (`rules.rules.0.value`). */
  errors: Record<string, string>;
}

/**
 * The draft as API rules, checked by the shared schema. Paths match the server's, so the
 * server's refusals land on the same inputs as these.
 */
export function checkDraft(draft: GroupDraft, fields: FieldMeta[], invalid: string): CheckedRules {
  const errors: Record<string, string> = {};
  const toRule = (node: RuleDraft, path: string): SegmentRule => {
    if (node.kind === 'group') return { kind: 'group', match: node.match, rules: node.rules.map((child, i) => toRule(child, `${path}.rules.${i}`)) };
    const { key: _key, ...condition } = node;
    if (condition.kind !== 'profile') return condition;
    if (!condition.field) errors[`${path}.field`] = invalid;
    else if (!condition.op) errors[`${path}.op`] = invalid;
    const filter = condition.field && condition.op
      ? filterFromDraft({ mode: 'and', conditions: [{ key: node.key, field: condition.field, op: condition.op, value: condition.value }] }, fields)
      : null;
    const complete = filter && 'and' in filter ? (filter.and[0] as FilterCondition) : null;
    if (condition.field && condition.op && !complete) errors[`${path}.value`] = invalid;
    return complete ? { kind: 'profile', field: complete.field, op: complete.op, ...(complete.value === undefined ? {} : { value: complete.value }) } 
      // Incomplete: the problem is already named above, once, at the input that needs filling.
      : { kind: 'profile', field: condition.field ?? '', op: condition.op ?? 'eq' };
  };
  const rules = toRule(draft, 'rules');
  const parsed = segmentRuleSchema.safeParse(rules);
  if (!parsed.success) for (const issue of parsed.error.issues) errors[['rules', ...issue.path].join('.')] ??= invalid;
  return { rules: Object.keys(errors).length === 0 ? rules : null, errors };
}
