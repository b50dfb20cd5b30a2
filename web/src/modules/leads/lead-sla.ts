import { formatNumber } from '../../i18n/format.ts';
import type { LeadSlaFields } from './leads.types.ts';

/** Less time left than this, and the countdown turns orange. */
export const SLA_WARNING_MINUTES = 15;

export type SlaState =
  | { kind: 'contacted'; at: string }
  | { kind: 'overdue'; minutes: number }
  | { kind: 'due'; minutes: number }
  | { kind: 'none' };

const MINUTE = 60_000;

/**
 * Where a lead stands against its first-response deadline. The server flags a breach once a
 * minute; a deadline that has just passed counts as overdue before the flag arrives.
 */
export function slaState(lead: LeadSlaFields, now: number): SlaState {
  if (lead.first_contacted_at) return { kind: 'contacted', at: lead.first_contacted_at };
  if (!lead.first_response_due_at) return { kind: 'none' };
  const minutesLeft = Math.round((new Date(lead.first_response_due_at).getTime() - now) / MINUTE);
  if (lead.is_sla_breached || minutesLeft <= 0) return { kind: 'overdue', minutes: Math.max(0, -minutesLeft) };
  return { kind: 'due', minutes: minutesLeft };
}

const unit = (value: number, name: 'minute' | 'hour' | 'day') => formatNumber(value, { style: 'unit', unit: name, unitDisplay: 'short' });

/** Below this many hours a span keeps its minutes ("1 hr 30 min"); above, whole hours are enough. */
const PRECISE_HOURS = 3;

/** A span in its largest sensible units, short enough for a badge: "25 min", "1 hr 30 min", "9 hr", "3 days". */
export function formatMinutes(minutes: number): string {
  if (minutes < 60) return unit(minutes, 'minute');
  if (minutes >= 24 * 60) return unit(Math.floor(minutes / (24 * 60)), 'day');
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  return hours < PRECISE_HOURS && rest > 0 ? `${unit(hours, 'hour')} ${unit(rest, 'minute')}` : unit(hours, 'hour');
}
