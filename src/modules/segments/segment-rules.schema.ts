import { z } from 'zod';
// The pure lists, not the modules' index files: the web app imports this schema too.
import { CHANNELS, PURPOSES } from '../consent/consent.schemas.ts';
import { RFM_SEGMENTS } from '../customer-value/rfm.ts';

/**
 * A segment's rules: a tree of `all` / `any` groups over conditions, one kind each. The API
 * validates with it and the web app's rule builder is typed by it; conditions on profile and
 * custom fields use the filter language (docs/filters.md), checked against the person type.
 */
export const COMPARISONS = ['gt', 'gte', 'lt', 'lte', 'eq'] as const;
export const ORDER_METRICS = ['count', 'sum', 'days_since_last'] as const;
export const CHURN_RISKS = ['low', 'medium', 'high'] as const;
export const MATCHES = ['all', 'any'] as const;
export const MAX_RULE_DEPTH = 6;
export const MAX_RULE_CONDITIONS = 100;

export type Comparison = (typeof COMPARISONS)[number];

export interface ProfileCondition { kind: 'profile'; field: string; op: string; value?: unknown }
export interface OrdersCondition {
  kind: 'orders'; metric: (typeof ORDER_METRICS)[number]; op: Comparison; value: number;
  within_days?: number; product_id?: string; category?: string;
}
export interface EventCondition { kind: 'event'; event_type: string; did: boolean; at_least: number; within_days?: number }
export interface RfmSegmentCondition { kind: 'rfm_segment'; values: (typeof RFM_SEGMENTS)[number][] }
export interface ChurnRiskCondition { kind: 'churn_risk'; values: (typeof CHURN_RISKS)[number][] }
export interface ScoreCondition { kind: 'clv' | 'p_alive'; op: Comparison; value: number }
export interface ConsentCondition { kind: 'consent'; channel: (typeof CHANNELS)[number]; purpose: (typeof PURPOSES)[number]; is_contactable: boolean }
export interface SegmentCondition { kind: 'segment'; segment_id: string; is_member: boolean }
export interface RuleGroup { kind: 'group'; match: (typeof MATCHES)[number]; rules: SegmentRule[] }

export type SegmentRuleCondition =
  | ProfileCondition | OrdersCondition | EventCondition | RfmSegmentCondition | ChurnRiskCondition
  | ScoreCondition | ConsentCondition | SegmentCondition;
export type SegmentRule = RuleGroup | SegmentRuleCondition;

const windowDays = z.number().int().min(1).max(3650);
const comparison = z.enum(COMPARISONS);

// One discriminated union on `kind`, groups included, so an error names the exact offending field.
export const segmentRuleSchema: z.ZodType<SegmentRule> = z.lazy(() => z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('group'), match: z.enum(MATCHES), rules: z.array(segmentRuleSchema).min(1).max(MAX_RULE_CONDITIONS) }),
  z.strictObject({ kind: z.literal('profile'), field: z.string().min(1).max(100), op: z.string().min(1).max(20), value: z.unknown().optional() }),
  z.strictObject({
    kind: z.literal('orders'), metric: z.enum(ORDER_METRICS), op: comparison, value: z.number().min(0).max(1e12),
    within_days: windowDays.optional(), product_id: z.uuid().optional(), category: z.string().trim().min(1).max(200).optional(),
  }),
  z.strictObject({
    kind: z.literal('event'), event_type: z.string().trim().min(1).max(100), did: z.boolean(),
    at_least: z.number().int().min(1).max(1000), within_days: windowDays.optional(),
  }),
  z.strictObject({ kind: z.literal('rfm_segment'), values: z.array(z.enum(RFM_SEGMENTS)).min(1) }),
  z.strictObject({ kind: z.literal('churn_risk'), values: z.array(z.enum(CHURN_RISKS)).min(1) }),
  z.strictObject({ kind: z.literal('clv'), op: comparison, value: z.number().min(0).max(1e12) }),
  z.strictObject({ kind: z.literal('p_alive'), op: comparison, value: z.number().min(0).max(1) }),
  z.strictObject({ kind: z.literal('consent'), channel: z.enum(CHANNELS), purpose: z.enum(PURPOSES), is_contactable: z.boolean() }),
  z.strictObject({ kind: z.literal('segment'), segment_id: z.uuid(), is_member: z.boolean() }),
// A named schema: OpenAPI gets it once under components and refers to it where the tree recurses.
])).meta({ id: 'SegmentRule' });
