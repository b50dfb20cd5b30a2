import { z } from 'zod';
import { ENROLLMENT_STATUSES, journeyDefinitionSchema } from './journey-graph.schema.ts';

export const JOURNEY_STATUSES = ['draft', 'live', 'paused', 'archived'] as const;

export const journeyInputSchema = z.strictObject({
  name: z.string().trim().min(1).max(200),
  description: z.string().trim().max(2000).nullable().optional(),
  definition: journeyDefinitionSchema,
});
export const journeyUpdateSchema = journeyInputSchema.partial();
export const fromTemplateSchema = z.strictObject({ template: z.string().min(1).max(60), name: z.string().trim().min(1).max(200).optional() });
export const enrollSchema = z.strictObject({ person_id: z.uuid() });
export const countsQuerySchema = z.strictObject({ version_id: z.uuid().optional() });

export const journeySchema = z.object({
  id: z.uuid(), name: z.string(), description: z.string().nullable(), status: z.enum(JOURNEY_STATUSES), definition: journeyDefinitionSchema,
  template_key: z.string().nullable(),
  current_version: z.object({ id: z.uuid(), number: z.number(), created_at: z.string() }).nullable(),
  created_at: z.string(), updated_at: z.string(),
});
export const journeyListSchema = z.object({ data: z.array(journeySchema.extend({ in_progress: z.number(), enrolled: z.number() })) });
export const countsSchema = z.object({
  version_id: z.uuid().nullable(),
  nodes: z.array(z.object({ node_id: z.string(), waiting: z.number(), passed: z.number(), exited: z.number() })),
});
export const enrollmentSchema = z.object({
  id: z.uuid(), journey_id: z.uuid(), journey_name: z.string(), version_number: z.number(), person_id: z.uuid(), person_title: z.string().nullable(),
  current_node: z.string(), status: z.enum(ENROLLMENT_STATUSES), wait_until: z.string().nullable(), entered_at: z.string(), finished_at: z.string().nullable(),
  entry_number: z.number(),
});
export const templateCatalogueSchema = z.object({ data: z.array(z.object({ key: z.string(), name: z.object({ ru: z.string(), en: z.string() }) })) });
