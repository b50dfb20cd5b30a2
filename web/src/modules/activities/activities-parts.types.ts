/**
 * A meeting's participant: a person of the CRM, a workspace member, or an outside address. The
 * name and email are null when hidden from the reader.
 */
export interface Participant {
  person_id: string | null;
  user_id: string | null;
  email: string | null;
  name: string | null;
}

export type ParticipantInput = { person_id: string } | { user_id: string } | { email: string; name?: string };

export type ActivityStatus = 'planned' | 'done' | 'cancelled';

/** A subtask as the activities list returns it; fields hidden from the reader are absent. */
export interface Subtask {
  id: string;
  subject?: string | null;
  status?: ActivityStatus | null;
  due_at?: string | null;
  owner_id?: string | null;
}

export interface SubtaskInput {
  subject: string;
  /** The assignee; left out, the task is the creator's. */
  owner_id?: string;
}
