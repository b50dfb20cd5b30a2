import { z } from 'zod';

/** Parts the sales reports' responses share. */
export const localisedSchema = z.object({ en: z.string(), ru: z.string() });
export const periodSchema = z.object({ from: z.string(), to: z.string(), days: z.number() }).describe('The period the report covers, calendar days inclusive');
export const moneySchema = z.string().nullable().describe('Decimal amount; null when the reader’s role hides deal amounts');
