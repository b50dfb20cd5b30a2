import { z } from 'zod';
import { segmentRuleSchema } from '../segments/segment-rules.schema.ts';

// A journey's definition: a node graph (one trigger, steps, edges), goal events and a re-entry rule.
// Shared with the web editor, so the editor and the API agree on every shape.

export const NODE_TYPES = ['trigger', 'wait', 'condition', 'split', 'send', 'update', 'task', 'webhook', 'exit'] as const;
export type NodeType = (typeof NODE_TYPES)[number];
export const SEND_CHANNELS = ['email', 'sms', 'telegram', 'auto'] as const;
export const DATE_FIELDS = ['birthday', 'last_order', 'purchase_interval'] as const;
export const ENROLLMENT_STATUSES = ['active', 'waiting', 'completed', 'exited', 'goal_reached', 'failed'] as const;
export type EnrollmentStatus = (typeof ENROLLMENT_STATUSES)[number];

const nodeId = z.string().regex(/^[a-z0-9_-]{1,40}$/, 'Use 1–40 lowercase letters, digits, _ or -');
const eventName = z.string().regex(/^[a-z0-9_]+(\.[a-z0-9_]+)+$/, 'An event name such as cart.abandoned');
const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'Use HH:MM, e.g. 10:00');
const position = z.strictObject({ x: z.number().min(-100_000).max(100_000), y: z.number().min(-100_000).max(100_000) }).optional();

export const triggerSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('event'), event: eventName.describe('e.g. cart.abandoned, order.created, order.unpaid_timeout') }),
  z.strictObject({ kind: z.literal('segment'), change: z.enum(['entered', 'exited']), segment_id: z.uuid() }),
  z.strictObject({
    kind: z.literal('date'), field: z.enum(DATE_FIELDS),
    offset_days: z.number().int().min(-365).max(3650).describe('Days after the date (before, if negative); birthday repeats yearly'),
    category: z.string().trim().min(1).max(200).optional().describe('last_order only: an order with a line of this category'),
    at: hhmm.describe("Time of day the daily pass runs, on the workspace's clock (its time_zone)"),
  }),
  z.strictObject({ kind: z.literal('schedule'), at: hhmm.describe("Daily at this time on the workspace's clock (its time_zone)"), segment_id: z.uuid() }),
  z.strictObject({ kind: z.literal('manual') }),
]);
export type JourneyTrigger = z.infer<typeof triggerSchema>;

const base = { id: nodeId, label: z.string().trim().max(200).optional(), position };

export const nodeSchema = z.discriminatedUnion('type', [
  z.strictObject({ ...base, type: z.literal('trigger'), trigger: triggerSchema }),
  z.strictObject({
    ...base, type: z.literal('wait'),
    wait: z.discriminatedUnion('mode', [
      z.strictObject({ mode: z.literal('duration'), minutes: z.number().int().min(1).max(366 * 24 * 60) }),
      z.strictObject({ mode: z.literal('local_time'), at: hhmm.describe("The next such time in the person's time zone") }),
    ]),
  }),
  z.strictObject({ ...base, type: z.literal('condition'), rule: segmentRuleSchema }),
  z.strictObject({
    ...base, type: z.literal('split'),
    branches: z.array(z.strictObject({ key: nodeId, percent: z.number().int().min(0).max(100) })).min(2).max(6)
      .describe("Shares in percent summing to 100; a branch named 'holdout' is the control group"),
  }),
  z.strictObject({ ...base, type: z.literal('send'), channel: z.enum(SEND_CHANNELS), template_id: z.uuid() }),
  z.strictObject({
    ...base, type: z.literal('update'),
    update: z.discriminatedUnion('action', [
      z.strictObject({ action: z.literal('set_field'), field: z.string().min(1).max(100), value: z.unknown() }),
      z.strictObject({ action: z.literal('add_tag'), tag: z.string().trim().min(1).max(50) }),
      z.strictObject({ action: z.literal('remove_tag'), tag: z.string().trim().min(1).max(50) }),
    ]),
  }),
  z.strictObject({ ...base, type: z.literal('task'), subject: z.string().trim().min(1).max(300), due_in_hours: z.number().int().min(0).max(24 * 365) }),
  z.strictObject({ ...base, type: z.literal('webhook'), url: z.url().max(2000), secret: z.string().min(8).max(200).optional() }),
  z.strictObject({ ...base, type: z.literal('exit') }),
]);
export type JourneyNode = z.infer<typeof nodeSchema>;

export const edgeSchema = z.strictObject({
  from: nodeId,
  to: nodeId,
  branch: z.string().max(40).optional().describe("A condition's 'yes'/'no', a split's branch key"),
});
export type JourneyEdge = z.infer<typeof edgeSchema>;

export const reentrySchema = z.discriminatedUnion('mode', [
  z.strictObject({ mode: z.literal('once') }),
  z.strictObject({ mode: z.literal('after_days'), days: z.number().int().min(1).max(3650) }),
  z.strictObject({ mode: z.literal('always') }),
]);

export const journeyDefinitionSchema = z.strictObject({
  graph: z.strictObject({ nodes: z.array(nodeSchema).min(1).max(200), edges: z.array(edgeSchema).max(400) }),
  goal_events: z.array(eventName).max(10).default([]).describe('An event of the person ends the enrollment as goal reached'),
  reentry: reentrySchema.default({ mode: 'once' }),
});
export type JourneyDefinition = z.infer<typeof journeyDefinitionSchema>;

/** The branches a node must have an edge for; [undefined] for one plain next step, [] for none. */
export function requiredBranches(node: JourneyNode): (string | undefined)[] {
  if (node.type === 'exit') return [];
  if (node.type === 'condition') return ['yes', 'no'];
  if (node.type === 'split') return node.branches.map((b) => b.key);
  return [undefined];
}
