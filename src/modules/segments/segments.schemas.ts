import { z } from 'zod';
import { segmentRuleSchema } from './segment-rules.schema.ts';

export const SEGMENT_KINDS = ['dynamic', 'static'] as const;

export const segmentInputSchema = z.strictObject({
  name: z.string().trim().min(1).max(200),
  description: z.string().trim().max(2000).nullable().optional(),
  kind: z.enum(SEGMENT_KINDS),
  /** Required for a dynamic segment; a static list has none. */
  rules: segmentRuleSchema.nullable().optional(),
});
export type SegmentInput = z.infer<typeof segmentInputSchema>;

export const segmentUpdateSchema = segmentInputSchema.omit({ kind: true }).partial();
export type SegmentUpdate = z.infer<typeof segmentUpdateSchema>;

export const previewInputSchema = z.strictObject({ rules: segmentRuleSchema });

export const personIdsSchema = z.strictObject({ person_ids: z.array(z.uuid()).min(1).max(1000) });

export const csvImportSchema = z.strictObject({
  /** CSV text with a header row naming an `email` and/or a `phone` column. */
  csv: z.string().min(1).max(2_000_000),
});

export const segmentSchema = z.object({
  id: z.uuid(), name: z.string(), description: z.string().nullable(), kind: z.enum(SEGMENT_KINDS),
  rules: segmentRuleSchema.nullable(), member_count: z.number(), evaluated_at: z.string().nullable(), last_error: z.string().nullable(),
  created_at: z.string(), updated_at: z.string(),
});
export type SegmentOutput = z.infer<typeof segmentSchema>;

export const previewSchema = z.object({
  count: z.number(),
  sample: z.array(z.object({ id: z.uuid(), full_name: z.string().nullable() })),
});

export const memberSchema = z.object({
  person_id: z.uuid(), full_name: z.string().nullable(), email: z.string().nullable(), entered_at: z.string(),
});

export const membershipEventSchema = z.object({
  id: z.uuid(), segment_id: z.uuid(), segment_name: z.string().nullable(), person_id: z.uuid(), full_name: z.string().nullable(),
  change: z.enum(['entered', 'exited']), occurred_at: z.string(),
});

export const evaluationSchema = z.object({ entered: z.number(), exited: z.number(), member_count: z.number() });

export const membersChangeSchema = z.object({ added: z.number(), removed: z.number(), not_found: z.array(z.uuid()) });

export const csvImportResultSchema = z.object({
  rows: z.number(), matched: z.number(), added: z.number(),
  unmatched: z.array(z.object({ row: z.number(), value: z.string(), reason: z.enum(['not_found', 'invalid_phone', 'empty']) })),
});

export const personSegmentsSchema = z.object({
  memberships: z.array(z.object({ segment_id: z.uuid(), name: z.string(), kind: z.enum(SEGMENT_KINDS), entered_at: z.string() })),
  history: z.array(membershipEventSchema),
});
